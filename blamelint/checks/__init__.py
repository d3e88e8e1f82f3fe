"""Python-implemented matchers, one module per category.

A rule file names its check as ``check: blamelint.checks.<module>:<function>``; the function takes
``(context: CheckContext, rule: Rule)`` and yields :class:`blamelint.engine.Hit` objects. Importing a
module registers nothing: the YAML rule file stays the single registry (STYLE §4.7).
"""
