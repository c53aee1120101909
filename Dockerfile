# freigabe worker image. No container engine runs on the build machines, so the install step
# is tools/container-install.sh, which tests/e2e/test_container_install.py runs as well.
# A full version: a moving tag would give two builds a month apart different interpreters and
# Debian packages (the Python dependencies are pinned by requirements.lock).
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:$PATH \
    FREIGABE_CONFIG=/etc/freigabe/freigabe.yaml \
    FREIGABE_STATE_PATH=/var/lib/freigabe/freigabe.sqlite

# uid and gid 10001: the Kubernetes securityContext (deploy/kubernetes) names the same numbers.
RUN groupadd --system --gid 10001 freigabe \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/freigabe --create-home freigabe

# Exactly these folders are the package; the test installs from the same list.
WORKDIR /tmp/freigabe-src
COPY pyproject.toml README.md requirements.lock requirements-dev.lock ./
COPY config ./config
COPY integration ./integration
COPY jobs ./jobs
COPY approval ./approval
COPY ports ./ports
COPY tools/container-install.sh ./tools/
RUN bash tools/container-install.sh /opt/venv /tmp/freigabe-src \
    && rm -rf /tmp/freigabe-src /root/.cache

WORKDIR /var/lib/freigabe
USER freigabe
# The state file (and the default export folder beside it) must outlive the container.
VOLUME ["/var/lib/freigabe"]
# Configuration: a file mounted at FREIGABE_CONFIG; any field may be overridden by a
# FREIGABE_<SECTION>__<FIELD> variable, secrets also by *_FILE mounts.
EXPOSE 8080
# slim has no curl; the worker's /healthz answers 200 while the process is alive.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('FREIGABE_WORKER__PORT', '8080'), timeout=4)"]
CMD ["freigabe", "run"]
