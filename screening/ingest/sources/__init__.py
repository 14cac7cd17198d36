"""Source kinds: one module each, registered by kind in ``base``."""
