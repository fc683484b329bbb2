"""Date and number formats per language (FORMAT_MODULE_PATH): unambiguous dates, grouped thousands."""
