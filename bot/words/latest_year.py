"""Words of the button under a "no data for that year" answer."""

BUTTON_LATEST_YEAR = "🔁 Hỏi lại cho năm {year}"
