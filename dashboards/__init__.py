"""Dashboards, KPIs, reporting rates, the annual report and the State page: reads across every app."""
