# freigabe worker image. No container engine runs on the build machines; the install steps
# are plain pip commands so the same steps are exercised by `make test`'s venv install.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    FREIGABE_CONFIG=/etc/freigabe/freigabe.yaml

RUN useradd --system --uid 10001 --home-dir /var/lib/freigabe --create-home freigabe
WORKDIR /opt/freigabe
COPY pyproject.toml README.md ./
COPY config ./config
COPY integration ./integration
COPY jobs ./jobs
COPY approval ./approval
RUN pip install --no-compile . && rm -rf /root/.cache

USER freigabe
VOLUME ["/var/lib/freigabe"]
# Config comes from a mounted file; secrets from environment variables or *_FILE mounts.
CMD ["freigabe", "once"]
