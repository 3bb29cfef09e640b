from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Rebuild(models.Model):
    """The stored graphs one change left to rebuild: how many, how many done, when it finished."""

    #: What changed, as the editor named it ("Author: Jane Doe").
    label = models.CharField(max_length=255)
    total = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    #: Graphs stored again (pages no longer visible, or of a schema that is not stored, are not).
    stored = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "background rebuild"
        indexes = [
            models.Index(fields=["created_at"], condition=Q(finished_at__isnull=True), name="rebuilds_running"),
        ]

    def __str__(self):
        return f"{self.label}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)

    @property
    def running(self) -> bool:
        return self.finished_at is None

    def record_batch(self, done: int, stored: int) -> None:
        """Count one finished batch (atomically, whichever worker ran it); close the rebuild after its last."""
        Rebuild.objects.filter(pk=self.pk).update(done=F("done") + done, stored=F("stored") + stored)
        Rebuild.objects.filter(pk=self.pk, finished_at__isnull=True, done__gte=F("total")).update(
            finished_at=timezone.now()
        )
