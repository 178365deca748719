"""Following the clean-up over time: the run history (history), a baseline to compare with (baseline), and the
trend towards the cut-over (time_axis, trend_chart)."""
