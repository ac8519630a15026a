package requestconfig

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// MaxResponseBytes bounds a successful response body; a larger one fails the
// call with ErrInvalidResponse instead of exhausting memory. The largest page
// the API can send (100 customers with 50 metadata pairs of maximum size) is
// well under it. A variable only so the package's tests can lower it.
var MaxResponseBytes int64 = 64 << 20

// MaxErrorBodyBytes bounds how much of an error body is read; the rest is
// discarded.
const MaxErrorBodyBytes = 1 << 20

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
	MaxResponseHeaderBytes: MaxResponseHeaderBytes,
}}

// MaxResponseHeaderBytes bounds the response headers the default client
// accepts; an answer with more fails like a broken connection.
const MaxResponseHeaderBytes = 1 << 20

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

// readBody reads a 2xx answer's body. With reuse, a body of declared
// length is read into a buffer of bodies, which release gives back once
// nothing refers to it.
func readBody(res *http.Response, reuse bool) ([]byte, error) {
	defer res.Body.Close()
	if res.Body == http.NoBody { // a HEAD answer declares a length it has no body for
		return nil, nil
	}
	n := res.ContentLength
	if n > MaxResponseBytes {
		return nil, fmt.Errorf("%w: body of %d bytes is over the %d-byte bound", ErrInvalidResponse, n, MaxResponseBytes)
	}
	if reuse && n < maxReusedBody {
		// A pooled buffer, if one is large enough for the declared length
		// (any, for a body of unknown length, which grows it as needed).
		if p, _ := bodies.Get().(*[]byte); p != nil && int64(cap(*p)) > n {
			return readInto((*p)[:0], res.Body, MaxResponseBytes)
		}
		return readInto(make([]byte, 0, max(n+1, 512)), res.Body, MaxResponseBytes)
	}
	return readBounded(res.Body, MaxResponseBytes, n)
}

// bodies are the buffers of bodies read for a destination that keeps
// nothing of them (a page: its items copy what they keep), so that a walk
// of many pages reads them all into a few buffers. A buffer of
// maxReusedBody or more is left to the garbage collector instead.
var bodies sync.Pool

const maxReusedBody = 4 << 20

// release gives a body read with reuse back, once decoded.
func release(body []byte) {
	if cap(body) < maxReusedBody {
		bodies.Put(&body)
	}
}

// readInto reads r to its end into buf, a buffer to reuse, whose capacity
// is the declared length plus one (to see the end without another read) or,
// for a body of unknown length, what it had, doubled as needed up to
// maxReusedBody; past that it reads on as readBounded does. It fails with
// ErrInvalidResponse once it passes limit.
func readInto(buf []byte, r io.Reader, limit int64) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			if cap(buf) < maxReusedBody/2 {
				buf = slices.Grow(buf, cap(buf))
				continue
			}
			rest, err := readBounded(r, limit-int64(len(buf)), -1)
			return append(buf, rest...), err
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("%w: body is over the %d-byte bound", ErrInvalidResponse, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readBounded reads r to its end, failing with ErrInvalidResponse once it
// passes limit. sizeHint, the declared length or -1, sizes the first block
// (one byte more, to see the end without another block). Past that it reads
// into blocks of growing size, none larger than what is left of the bound,
// and joins them once at the end: refusing an endless body costs the bound
// and no more, and a body of unknown length costs about twice its size at
// the peak, where a doubling buffer (bytes.Buffer, which also reallocates
// an exactly sized one to keep 512 bytes free) costs three times the bound
// to refuse one and up to four times its size to accept one.
func readBounded(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	const maxBlock = 4 << 20
	var (
		blocks [][]byte
		total  int64
	)
	first := int64(512)
	if sizeHint >= 0 {
		first = sizeHint + 1
	}
	block := make([]byte, 0, min(first, limit+1))
	for {
		if len(block) == cap(block) {
			blocks = append(blocks, block)
			block = make([]byte, 0, min(int64(cap(block))*2, maxBlock, limit+1-total))
		}
		n, err := r.Read(block[len(block):cap(block)])
		block = block[:len(block)+n]
		if total += int64(n); total > limit {
			return nil, fmt.Errorf("%w: body is over the %d-byte bound", ErrInvalidResponse, limit)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(blocks) == 0 {
		return block, nil
	}
	out := make([]byte, 0, total)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, block...), nil
}

// drain reads what is left of a body, up to a bound, so the connection can
// be reused, and closes it.
func drain(res *http.Response) {
	if res == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, MaxErrorBodyBytes))
	res.Body.Close()
}

func closeBody(res *http.Response) {
	if res != nil {
		res.Body.Close()
	}
}
