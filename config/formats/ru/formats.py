# ruff: noqa: RUF001, RUF002 (the Cyrillic letter of the abbreviation for "year" is meant)
"""Russian: "9 июня 2025 г.", the month by name in the genitive, never "09.06.2025"."""

DATE_FORMAT = "j E Y г."
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j E Y г., H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y"
