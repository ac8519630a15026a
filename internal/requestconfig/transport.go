package requestconfig

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultHTTPClient is the client used unless WithHTTPClient says otherwise.
// It has its own transport (http.DefaultTransport is neither changed nor
// relied on) with timeouts for every phase that has no natural bound, a
// pool sized for concurrent use of one client, and a redirect policy that
// keeps the API key to the origin it was meant for.
var DefaultHTTPClient HTTPDoer = &http.Client{CheckRedirect: checkRedirect, Transport: &http.Transport{
	Proxy: http.ProxyFromEnvironment,
	DialContext: (&net.Dialer{
		// As the official SDKs: 5 s to connect, within the attempt's
		// timeout (60 s by default) for the whole exchange.
		Timeout:   5 * time.Second,
		KeepAlive: 30 * time.Second,
	}).DialContext,
	ForceAttemptHTTP2:     true,
	MaxIdleConns:          100,
	MaxIdleConnsPerHost:   64,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ExpectContinueTimeout: time.Second,
	// The API's headers are a few hundred bytes; net/http's default
	// allows 10 MiB per response, so a hostile server could make each
	// pooled connection hold that much, and slow every attempt down.
	MaxResponseHeaderBytes: maxResponseHeaderBytes,
}}

// maxResponseHeaderBytes bounds the response headers the default client
// accepts; an answer with more fails like a broken connection.
const maxResponseHeaderBytes = 1 << 20

// checkRedirect follows at most 10 redirects, as net/http does, and drops
// the Authorization header when one leaves the origin (scheme, host and
// port) of the first request. net/http itself compares host names only: it
// would send the API key to another port of the same host, or in clear text
// after a redirect from https to http.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if !sameOrigin(via[0].URL, req.URL) {
		req.Header.Del("Authorization")
	}
	return nil
}

func sameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if u.Scheme == "https" {
			return "443"
		}
		return "80"
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

var insecureWarned sync.Map

// warnInsecure logs once per host that a plain-HTTP base URL sends the API
// key unencrypted, unless the host is this machine. With no logger it
// warns through slog's default logger: the warning is about the key.
func warnInsecure(logger *slog.Logger, u *url.URL) {
	host := u.Hostname()
	if u.Scheme != "http" || isLoopback(host) {
		return
	}
	if _, seen := insecureWarned.LoadOrStore(host, true); seen {
		return
	}
	if logger == nil {
		logger = slog.Default()
	}
	logger.Warn("avara: the base URL uses plain http to a remote host; the API key is sent unencrypted", slog.String("host", host))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
