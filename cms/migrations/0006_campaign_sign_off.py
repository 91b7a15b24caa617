"""The "Campaign sign-off" workflow, on every site: the policy team reviews a campaign
or campaign vote, then a senior moderator approves it, which publishes it. The page
models send themselves through it (participation/signoff.py), wherever they are in
the tree, so it is assigned to no part of the tree here.

Wagtail's starter "Moderators approval" workflow covered the whole tree with a task
whose group ("Moderators") 0002 removed: nobody but an administrator could approve
it, and everyone who can edit pages publishes them directly anyway. It is switched
off (kept, with its history) rather than given a group: a second, unused workflow on
every page would only offer a "Submit" that leads nowhere, and its name says
"moderators", which here means the volunteers who read young people's words.
"""

from django.db import migrations

SIGN_OFF = "Campaign sign-off"
TASKS = (("Policy team review", "Policy team"), ("Senior approval", "Senior moderator"))
STARTER = "Moderators approval"


def create_sign_off(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    workflow, _ = Workflow.objects.get_or_create(name=SIGN_OFF, defaults={"active": True})
    for order, (task_name, group_name) in enumerate(TASKS):
        group, _ = Group.objects.get_or_create(name=group_name)
        task = GroupApprovalTask.objects.filter(name=task_name, active=True).first()
        if task is None:
            task = GroupApprovalTask.objects.create(
                name=task_name, content_type=task_type, active=True
            )
        task.groups.set([group])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )


def switch_off_starter(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    for workflow in Workflow.objects.filter(name=STARTER, active=True):
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        if GroupApprovalTask.objects.filter(pk__in=task_ids, groups__isnull=False).exists():
            continue  # an administrator gave it a group since: it is theirs to keep
        # What Workflow.deactivate() does, which historical models do not have.
        open_states = WorkflowState.objects.filter(
            workflow=workflow, status__in=["in_progress", "needs_changes"]
        )
        TaskState.objects.filter(workflow_state__in=open_states, status="in_progress").update(
            status="cancelled"
        )
        open_states.update(status="cancelled")
        WorkflowPage.objects.filter(workflow=workflow).delete()
        Workflow.objects.filter(pk=workflow.pk).update(active=False)
        Task.objects.filter(pk__in=task_ids).update(active=False)


def forwards(apps, schema_editor):
    create_sign_off(apps, schema_editor)
    switch_off_starter(apps, schema_editor)


def backwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow.objects.filter(name=SIGN_OFF).delete()
    GroupApprovalTask.objects.filter(
        name__in=[name for name, _ in TASKS], workflow_tasks__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_campaigns"),
        ("cms", "0002_roles"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
