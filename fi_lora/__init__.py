__version__ = "0.1.0"

# The top-level API is imported lazily, so `import fi_lora` (and `fi-lora --help`) stays fast.
_LAZY = {'LoRAFixedIncomeTradingSystem': 'system', 'StudyParams': 'system', 'DemoParams': 'system', 'FILoRAConfig': 'config'}
__all__ = list(_LAZY)

def __getattr__(name):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f'{__name__}.{_LAZY[name]}'), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
