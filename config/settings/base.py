"""Settings shared by every environment.

Anything that differs between machines comes from the environment: DATABASE_URL
(SQLite in the project folder when unset), REDIS_URL (database cache when unset),
SECRET_KEY, ALLOWED_HOSTS and the email settings.
"""

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants

from config import limits

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # Project apps first so their templates win over the libraries' defaults.
    "cms",
    "participation",
    "moderation",
    "evidence",
    "pagecache",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Forms
    "crispy_forms",
    "crispy_bootstrap5",
    # Open-data API
    "corsheaders",
    # Rate limits: installed so its system checks look at the cache the counters use.
    "django_ratelimit",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # the sitemap.xml template Wagtail's sitemap renders
    "csp",  # Content-Security-Policy (see "Security headers" below)
]

MIDDLEWARE = [
    # First, as django-cors-headers asks, so every answer under /api/ gets its headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, static files
    # included; before the page cache, so a stored page is served with a fresh policy.
    "cms.security_headers.ContentSecurityPolicyMiddleware",
    "cms.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for phones on slow connections (static files come compressed
    # from WhiteNoise above). Django pads each response against BREACH, and masks CSRF
    # tokens per response, so secrets in a page can't be guessed from its size.
    "django.middleware.gzip.GZipMiddleware",
    # GET and HEAD under /api/ (and views marked so) may read from a replica (deploy.md).
    "config.db_router.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Whole pages for visitors who are not logged in (pagecache/__init__.py says when).
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "participation.staff_mfa.StaffTwoStepMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# A read replica of `default` (a streaming standby) when DATABASE_REPLICA_URL names one;
# config/db_router.py says which reads may go there. Tests use `default` in its place.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and rate-limit counters live in a cache every worker shares. A
# per-process memory cache would let each worker count rate limits on its own.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "listening_hub_cache",
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RATELIMIT_USE_CACHE = "default"
# Behind a load balancer, the client's address is in a header the load balancer sets
# (e.g. X-Real-IP); unset, REMOTE_ADDR. Rate limits and duplicate-account signals read
# it (config/limits.py, docs/deploy.md). Never set it without such a load balancer:
# anyone could then send the header and pick their own address.
HUB_CLIENT_IP_HEADER = os.environ.get("HUB_CLIENT_IP_HEADER", "")
RATELIMIT_IP_META_KEY = "config.limits.client_ip"
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = HUB_CLIENT_IP_HEADER or None
# The longest a whole public page is kept for visitors who are not logged in (0 = never;
# see pagecache/__init__.py for what is cached and when it is thrown away).
HUB_PAGE_CACHE_SECONDS = int(os.environ.get("HUB_PAGE_CACHE_SECONDS", "300"))
RATELIMIT_VIEW = "cms.views.rate_limited"

# Open-data API (docs/open-data.md): readable from any site's scripts, GET only, no
# cookies; at most API_RATE_LIMIT requests per client address.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ("accept", "if-modified-since", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After")
API_RATE_LIMIT = limits.LIMITS["api"].rate
# The charity's name in the open data's attribution ("Contains data from the Listening
# Hub, <publisher>, licensed under CC BY 4.0").
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "the youth charity that runs it")

# Background work: one interface, run at once here; production names a worker backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Accounts
AUTH_USER_MODEL = "participation.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "participation:profile-detail"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "participation.forms.ParticipantSignupForm"
# The site's own name, links and words in allauth's pages and emails.
ACCOUNT_ADAPTER = "participation.adapters.AccountAdapter"
MFA_ADAPTER = "participation.adapters.MFAAdapter"
ACCOUNT_FORMS = {
    "login": "participation.account_forms.LoginForm",
    "signup": "participation.account_forms.SignupForm",
    "add_email": "participation.account_forms.AddEmailForm",
    "change_password": "participation.account_forms.ChangePasswordForm",
    "set_password": "participation.account_forms.SetPasswordForm",
    "reset_password": "participation.account_forms.ResetPasswordForm",
    "reset_password_from_key": "participation.account_forms.ResetPasswordKeyForm",
    "reauthenticate": "participation.account_forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "participation.account_forms.AuthenticateForm",
    "activate_totp": "participation.account_forms.ActivateTOTPForm",
}
# Links in account emails start with this address (scheme and host, e.g.
# https://hub.example.org), never with the host of the request that sent them.
# Empty: WAGTAILADMIN_BASE_URL, which `make run` serves (http://127.0.0.1:8000).
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "")

ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
# Every limit is named in config/limits.py, with the reason for it.
ACCOUNT_RATE_LIMITS = dict(limits.ACCOUNT_LIMITS)
MFA_RATE_LIMITS = dict(limits.MFA_LIMITS)
ACCOUNT_CHANGE_EMAIL = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff sign-in (docs/accounts.md): everyone who can open the admin logs in through
# allauth and must have turned on two-step log-in (an authenticator app) before any
# page opens for them (participation/staff_mfa.py). On in every environment.
HUB_STAFF_MFA_REQUIRED = True
# Staff change their password and email address on allauth's pages, as everyone does
# (with its checks, notices and email verification), not on Wagtail's account page.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# One person, one vote (participation/adapters.py): throwaway email domains are refused
# at sign-up and when adding an address (the disposable-email-domains list, plus these,
# and their subdomains); HUB_ALLOWED_EMAIL_DOMAINS lets through a domain that list has
# wrongly. Both comma-separated in the environment.
HUB_BLOCKED_EMAIL_DOMAINS = env_list("HUB_BLOCKED_EMAIL_DOMAINS")
HUB_ALLOWED_EMAIL_DOMAINS = env_list("HUB_ALLOWED_EMAIL_DOMAINS")
# Duplicate-account signals (participation/services/signals.py): kept this many days;
# more accounts than this on one network within them are shown to senior moderators.
HUB_DUPLICATE_SIGNAL_DAYS = 30
HUB_ACCOUNTS_PER_NETWORK = 5
# Privacy and retention (docs/privacy.md; `manage.py apply_retention`, run daily).
HUB_ERASURE_COOLING_OFF_DAYS = 7  # an erasure can be cancelled by logging in until then
HUB_UNVERIFIED_ACCOUNT_DAYS = 7  # accounts never verified are deleted after this
HUB_SAFEGUARDING_RETENTION_DAYS = 6 * 365 + 2  # risk-flagged items kept, anonymised
HUB_AUDIT_DETAIL_RETENTION_DAYS = 6 * 365 + 2  # then audit notes and actors are cleared

# Email: the console in development; SMTP configured by the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Listening Hub <hello@listeninghub.invalid>"
)

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Language and time: UK English, dates shown in Europe/London.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static and media files are served by the app itself: no CDN, no third-party request.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = "Listening Hub"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# No avatars from Gravatar: they would send a hash of each volunteer's email address
# to a third party with every admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "odt", "docx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin makes no request to a third party
WAGTAIL_USER_CUSTOM_FIELDS = ["display_name"]
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"  # private pages: allauth's log-in too
WAGTAIL_PASSWORD_RESET_ENABLED = False  # one reset journey: the site's own

# Uploads, checked for size and type (docs/security.md).
# Images: Wagtail reads each one and refuses contents that don't match the extension.
# No SVG: an SVG file can carry script. Pixels are capped so a small file can't
# unpack into an image that takes the server's memory.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Documents: a size limit and a look at the first bytes (cms/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.DocumentForm"
DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Requests: form fields up to 2.5 MB in memory (a bigger body is refused with a 400);
# uploaded files past 2.5 MB go to a temporary file rather than memory. The statistics
# import has its own limit (evidence/importer.py, MAX_BYTES); the web server in front
# must allow bodies that big on that one path only.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers that hold everywhere; production adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of ours (nor the Wagtail admin's, which reads the token from the page)
# reads the CSRF cookie, so scripts are not allowed to.
CSRF_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp 4): everything comes from the site itself, and no
# inline script or style runs. Public pages have none (they are cached whole for
# visitors, see pagecache/); a script that must be inline carries the answer's nonce,
# `<script nonce="{{ request.csp_nonce }}">`. cms/security_headers.py gives the Wagtail
# admin, framed previews and the API's JSON their own variations, and says why.
# `data:` images: Bootstrap draws checkboxes, radios and select arrows with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF, csp_constants.NONCE],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "base-uri": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "frame-ancestors": [csp_constants.NONE],
    }
}

# Listening Hub
# Ages are counted on the day, UK style (see participation/eligibility.py).
PARTICIPANT_MIN_AGE = 13
PARTICIPANT_MAX_AGE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per background task and per page edit drowns out what matters.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Moderation (see docs/moderation.md). Every setting has the same default in
# moderation/conf.py, so the app works without them.
MODERATION_CLAIM_MINUTES = 10  # a claim is a lease; another moderator may take it after
MODERATION_REPORT_RATE_LIMIT = "config.limits.report_limit"  # the report form's POSTs
MODERATION_REPORTS_TO_HIDE = 3  # reporters after which an item shows as "reported by many"
MODERATION_MAX_NOTE_LENGTH = 1000  # longest reason or note, in characters
MODERATION_QUEUE_PAGE_SIZE = 50
MODERATION_MENU_COUNT_CAP = 1000  # menu counts show "1000+" beyond this, to stay cheap
MODERATION_SUPPORT_URL = "/get-help/"  # where authors are sent for support
