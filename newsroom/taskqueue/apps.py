from django.apps import AppConfig


class TaskQueueConfig(AppConfig):
    name = "newsroom.taskqueue"
    label = "taskqueue"
    verbose_name = "Task queue operations"
