# Makes the default templates a package (briefing.templates) so they ship in the wheel.
