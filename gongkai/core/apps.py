from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础设置"

    def ready(self):
        from gongkai.core import workbench

        workbench.register_core_panels()
