"""gunicorn's settings for the web process: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be set from the environment (docs/operations.md, "Processes"). The app writes one
structured log line per request itself, so gunicorn's own access log stays off.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: each serves one request at a time; 2 x cores + 1 is gunicorn's own advice.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Evidence uploads of 20 MB on a slow line need time; a stuck request is still cut off.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The proxy in front (nginx, a load balancer) that may set X-Forwarded-Proto; BEHIND_PROXY in the app.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory, not on a disk that may stall (containers mount /tmp on overlayfs).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 (gunicorn's own advice: its heartbeat files, not data)
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
