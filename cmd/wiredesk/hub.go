package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/publisher/websub"
	"github.com/wiredesk/wiredesk/store"
)

// hubPath is where the WebSub hub answers, under site.base_url.
const hubPath = "/hub"

// hubURL is the hub's absolute URL and the request path it is served at.
func hubURL(cfg *config.Config) (abs, path string) {
	base := strings.TrimRight(cfg.Site.BaseURL, "/")
	path = hubPath
	if u, err := url.Parse(base); err == nil {
		path = strings.TrimRight(u.Path, "/") + hubPath
	}
	return base + hubPath, path
}

// newHub builds the WebSub hub: callbacks go through the same address
// guard as polling (fetch.allow_private), checked at subscription and at
// every connection, and deliveries do not follow redirects. current is
// the configuration in force, so that a hot reload of allow_private
// reaches the hub's guard at once (issue 12, item 3).
func newHub(cfg *config.Config, current func() *config.Config, db store.Store, pub *publisher.Publisher, log *slog.Logger, reg prometheus.Registerer) *websub.Hub {
	allowPrivate := func() bool { return current().Fetch.AllowPrivate }
	client := fetch.NewGuardedHTTPClient(cfg.Fetch, allowPrivate)
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	check := func(ctx context.Context, u *url.URL) error {
		if allowPrivate() {
			return nil
		}
		err := fetch.CheckPublicHost(ctx, u.Hostname())
		if errors.Is(err, fetch.ErrPrivateAddress) {
			return fmt.Errorf("%w (fetch.allow_private is off)", err)
		}
		return err
	}
	abs, _ := hubURL(cfg)
	return websub.New(websub.Options{Store: db, Topics: pub.HubTopics(), Client: client, CheckCallback: check,
		URL: abs, DisplayTopic: publisher.RedactPathToken, Logger: log, Registry: reg})
}
