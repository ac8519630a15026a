package requestconfig

import (
	"fmt"
	"io"
	"net/http"
	"sync"
)

// MaxResponseBytes bounds a successful response body; a larger one fails the
// call with an invalid-response error instead of exhausting memory. The
// largest page the API can send is well under it. A variable only so that
// tests can lower it.
var MaxResponseBytes int64 = 64 << 20

// MaxErrorBodyBytes bounds how much of an error body is kept; the rest is
// discarded.
const MaxErrorBodyBytes = 1 << 20

// readBody reads a 2xx answer's body into a slice of its own, failing once
// it passes MaxResponseBytes, and closes it.
func readBody(res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	if res.Body == http.NoBody { // a HEAD answer declares a length it has no body for
		return nil, nil
	}
	if n := res.ContentLength; n > MaxResponseBytes {
		return nil, fmt.Errorf("%w: body of %d bytes is over the %d-byte bound", errInvalidResponse, n, MaxResponseBytes)
	}
	if n := res.ContentLength; n >= 0 && n < maxPooledBody {
		buf := bodies.Get().(*[]byte)
		if int64(cap(*buf)) <= n {
			*buf = make([]byte, 0, n+1)
		}
		return readBounded(res.Body, MaxResponseBytes, (*buf)[:0])
	}
	first := int64(512)
	if res.ContentLength >= 0 {
		first = res.ContentLength + 1
	}
	return readBounded(res.Body, MaxResponseBytes, make([]byte, 0, min(first, MaxResponseBytes+1)))
}

// maxPooledBody bounds the bodies read into pooled buffers: a page of the
// API is well under it, and the pool never holds a rare large one.
const maxPooledBody = 1 << 20

// bodies holds the buffers of 2xx bodies between calls. A body's buffer is
// free again once dst.UnmarshalJSON returns, since json.Unmarshaler's
// contract has a decoder copy whatever it keeps; releaseBody returns it.
// Reusing it saves an allocation of the body's size, and the clearing and
// collecting of it, on every call: 6% of a List's instructions (scripts/
// callgrind, with and without).
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// releaseBody returns a body read by readBody to the pool, when its buffer
// is one of the pool's size.
func releaseBody(body []byte) {
	if cap(body) == 0 || cap(body) > maxPooledBody {
		return
	}
	body = body[:0]
	bodies.Put(&body)
}

// readBounded reads r to its end into block, which is sized for the
// declared length when there is one (one byte more, to see the end without
// another block), failing once it passes limit. Past block it reads into
// blocks of growing size, none larger than what is left of the bound, and
// joins them once at the end: refusing an endless body costs the bound and
// no more, and a body of unknown length costs about twice its size at the
// peak, where a doubling buffer (bytes.Buffer, which also reallocates an
// exactly sized one to keep 512 bytes free) costs three times the bound to
// refuse one and up to four times its size to accept one.
func readBounded(r io.Reader, limit int64, block []byte) ([]byte, error) {
	const maxBlock = 4 << 20
	var (
		blocks [][]byte
		total  int64
	)
	for {
		if len(block) == cap(block) {
			blocks = append(blocks, block)
			block = make([]byte, 0, min(int64(cap(block))*2, maxBlock, limit+1-total))
		}
		n, err := r.Read(block[len(block):cap(block)])
		block = block[:len(block)+n]
		if total += int64(n); total > limit {
			return nil, fmt.Errorf("%w: body is over the %d-byte bound", errInvalidResponse, limit)
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

// readErrorBody keeps the first MaxErrorBodyBytes of a non-2xx answer's
// body, then drains and closes it.
func readErrorBody(res *http.Response) []byte {
	body, _ := io.ReadAll(io.LimitReader(res.Body, MaxErrorBodyBytes))
	drain(res)
	return body
}

// drain reads what is left of a body, up to MaxErrorBodyBytes, so the
// connection can be reused, and closes it.
func drain(res *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, MaxErrorBodyBytes))
	res.Body.Close()
}

func closeBody(res *http.Response) {
	if res != nil {
		res.Body.Close()
	}
}
