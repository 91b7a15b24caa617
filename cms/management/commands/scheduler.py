"""Run the site's scheduled jobs (cms/scheduler.py): one process, each job on its interval.

manage.py scheduler                  run until SIGTERM or SIGINT (systemd, a container)
manage.py scheduler --once           run every job once; exit 1 if any failed (cron)
manage.py scheduler --once --job X   run only job X once
manage.py scheduler --print-cron     print crontab lines for sites that prefer cron
"""

import logging
import signal

from django.core.management.base import BaseCommand, CommandError

from cms import scheduler

logger = logging.getLogger("cms.scheduler")


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs (closing rounds, releasing claims, retention) on their intervals."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--once", action="store_true", help="Run each job once, then exit (for cron)."
        )
        mode.add_argument(
            "--print-cron", action="store_true", help="Print equivalent crontab lines."
        )
        parser.add_argument(
            "--job",
            action="append",
            dest="job_names",
            metavar="NAME",
            choices=[job.name for job in scheduler.JOBS],
            help="Only this job (may be given more than once).",
        )

    def handle(self, *args, once=False, print_cron=False, job_names=None, **options):
        jobs = [job for job in scheduler.JOBS if not job_names or job.name in job_names]
        if print_cron:
            self.stdout.write("\n".join(scheduler.crontab_lines(jobs)))
            return
        if once:
            failed = [run.job for run in scheduler.jobs_run_once(jobs) if not run.succeeded]
            if failed:
                raise CommandError(f"These jobs failed (see the log above): {', '.join(failed)}")
            return
        self.run_until_stopped(jobs)

    def run_until_stopped(self, jobs) -> None:
        loop = scheduler.Scheduler(jobs)
        received = []

        def stop(signum, frame):
            if loop.stopping:
                # Asked twice: stop now. The running job's transaction rolls back.
                raise SystemExit(128 + signum)
            received.append(signal.Signals(signum).name)
            loop.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.info(
            "Scheduler started: %s",
            ", ".join(f"{j.name} every {scheduler.interval_words(j.interval)}" for j in jobs),
        )
        loop.run_forever()
        logger.info("Scheduler stopped (%s)", ", ".join(received) or "asked to")
