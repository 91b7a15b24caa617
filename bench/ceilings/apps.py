from django.apps import AppConfig


class CeilingsConfig(AppConfig):
    name = "bench.ceilings"
    label = "bench_ceilings"
    default_auto_field = "django.db.models.BigAutoField"
