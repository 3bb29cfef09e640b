"""Operating the task queue (django-tasks-db) in production: taking over tasks whose worker died.

``python manage.py requeue_stale_tasks`` (see :mod:`newsroom.taskqueue.stale`), run from cron.
"""
