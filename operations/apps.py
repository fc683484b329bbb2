from celery import current_app, signals
from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _

from operations import heartbeats, logs, request_ids


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        """Connect the request id to Django's request cycle and to Celery's tasks and logging, and
        add the heartbeat to the Celery worker. In a worker this runs when Celery sets Django up,
        before the worker builds its bootsteps and its logging."""
        request_finished.connect(request_ids.request_id_clear, dispatch_uid="operations.request_id_clear")
        signals.before_task_publish.connect(request_ids.task_publish_add_request_id)
        signals.task_prerun.connect(request_ids.task_prerun_set_request_id)
        signals.task_postrun.connect(request_ids.task_postrun_restore_request_id)
        signals.after_setup_logger.connect(logs.celery_logging_use_ours)
        signals.after_setup_task_logger.connect(logs.celery_logging_use_ours)
        current_app.steps["worker"].add(heartbeats.WorkerHeartbeat)
