"""The aggregate endpoints: dashboard figures, KPIs, reporting rates and the annual report."""
