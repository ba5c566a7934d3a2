"""The one error style of the window: red text, bold where it is the dialog's main message."""

ERROR_COLOUR = "#c5221f"
ERROR_STYLE = f"color: {ERROR_COLOUR};"
ERROR_STYLE_STRONG = f"{ERROR_STYLE} font-weight: bold;"
