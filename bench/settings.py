"""Settings for benchmark runs: the product's, plus a bench-only URLconf and quiet side effects."""

from config.settings import *  # noqa: F403

# The baseline view lives in bench/ only: it is mounted here, never in the product's URLs.
ROOT_URLCONF = "bench.urls"
DEBUG = False
# Sweeps at scale send thousands of messages: keep them in memory, not on the console.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
AXES_ENABLED = False
# The sweep is measured in process, delivery included, as `manage.py send_reminders` runs it.
CELERY_TASK_ALWAYS_EAGER = True
# Throttling would turn repeated timing requests into 429s; it is not what is being measured.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "user": "1000000/min"},
}
