from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import CeilingRow


@require_GET
def read_ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")


@csrf_exempt
@require_POST
def write_ceiling(request):
    with transaction.atomic():
        CeilingRow.objects.create()
    return HttpResponse(b"ok", content_type="text/plain")
