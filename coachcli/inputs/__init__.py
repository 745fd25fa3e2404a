"""Input parsers: user files turned into values, every problem located as file:line:col."""
