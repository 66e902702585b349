# wiredesk in a container: a static binary (the SQLite driver is pure Go)
# on a minimal base, run as a non-root user, the database on a volume.
#
#   docker build -t wiredesk .
#   docker run -p 8080:8080 -v wiredesk-data:/var/lib/wiredesk \
#     -v "$PWD/sources.yaml:/etc/wiredesk/sources.yaml:ro" wiredesk
#
# Settings by environment (README): WIREDESK_ADDR, WIREDESK_DB,
# WIREDESK_CONFIG, WIREDESK_ADMIN_ADDR, and the secrets that sources.yaml
# references as ${NAME}.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION, when given (--build-arg VERSION=v1.2.3), is what "wiredesk
# version" and the User-Agent report.
ARG VERSION=""
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.ldflagsVersion=${VERSION}" \
      -o /out/wiredesk ./cmd/wiredesk \
 && mkdir -p /out/data

# distroless/static: CA certificates, time zones, /etc/passwd with the
# "nonroot" user (65532) and nothing else: no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wiredesk /usr/local/bin/wiredesk
COPY sources.yaml /etc/wiredesk/sources.yaml
# The database directory belongs to the non-root user, so that a new
# named volume starts writable.
COPY --from=build --chown=65532:65532 /out/data /var/lib/wiredesk
ENV WIREDESK_CONFIG=/etc/wiredesk/sources.yaml \
    WIREDESK_DB=/var/lib/wiredesk/wiredesk.db \
    WIREDESK_ADDR=:8080
VOLUME ["/var/lib/wiredesk"]
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/wiredesk"]
CMD ["serve"]
