"""taizhang (台账): work-plan tracking as code."""

__version__ = "0.1.0"
