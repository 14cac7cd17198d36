"""Screening of public and consented text for concerning language.

Every flag is a non-determinative lead for trained human review, never a prediction.
"""

__version__ = "0.1.0"
