"""The ceilings every HTTP benchmark is measured against (installed only by config.settings.bench).

Read ceiling: a bare Django view through the full middleware stack. Write ceiling: the
same, doing exactly one INSERT in a transaction. Whatever a page or a ballot costs on
top of these is the hub's own work.
"""
