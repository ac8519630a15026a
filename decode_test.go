package avara_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
	"github.com/avara/avara-go/packages/param"
	"github.com/avara/avara-go/packages/respjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withSeedFields returns the seed customer with fields replaced (raw JSON
// values) or, for a value of "", removed.
func withSeedFields(t *testing.T, fields map[string]string) string {
	t.Helper()
	var obj map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(exSeedCustomerJSON), &obj))
	for k, v := range fields {
		if v == "" {
			delete(obj, k)
			continue
		}
		obj[k] = json.RawMessage(v)
	}
	b, err := json.Marshal(obj)
	require.NoError(t, err)
	return string(b)
}

// getCustomer decodes body as the answer to Express.Get.
func getCustomer(t *testing.T, body string) *avara.ExpressCustomer {
	t.Helper()
	srv := newRecordingServer(t, reply(http.StatusOK, body))
	c, err := srv.client().Express.Get(context.Background(), exCustomerID)
	require.NoError(t, err)
	return c
}

func TestDecodeUnknownFieldsKept(t *testing.T) {
	body := withSeedFields(t, map[string]string{
		"tier":    `"gold"`,
		"tags":    `["a","b"]`,
		"limits":  `{"studies":10}`,
		"deleted": `null`,
	})
	c := getCustomer(t, body)
	assertSeedFieldsExcept(t, c)

	require.Len(t, c.JSON.ExtraFields, 4)
	for k, raw := range map[string]string{"tier": `"gold"`, "tags": `["a","b"]`, "limits": `{"studies":10}`} {
		f := c.JSON.ExtraFields[k]
		assert.True(t, f.Valid(), k)
		assert.JSONEq(t, raw, f.Raw(), k)
	}
	assert.True(t, c.JSON.ExtraFields["deleted"].IsNull())
	assert.True(t, c.JSON.ExtraFields["deleted"].IsPresent())
	assert.JSONEq(t, body, c.RawJSON())

	t.Run("on a page", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":[`+body+`],"hasMore":false,"total":42}`))
		page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
		require.NoError(t, err)
		assert.Equal(t, "42", page.JSON.ExtraFields["total"].Raw())
		require.Len(t, page.ExpressCustomers, 1)
		assert.Equal(t, `"gold"`, page.ExpressCustomers[0].JSON.ExtraFields["tier"].Raw())
		assert.JSONEq(t, body, page.ExpressCustomers[0].RawJSON())
	})
	t.Run("on a success response", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, `{"success":true,"membership":{"role":"admin"}}`))
		ok, err := srv.client().Express.Users.Add(context.Background(), exCustomerID, avara.ExpressUserAddParams{UserID: exUserID})
		require.NoError(t, err)
		assert.True(t, ok.Success)
		assert.JSONEq(t, `{"role":"admin"}`, ok.JSON.ExtraFields["membership"].Raw())
	})
}

// assertSeedFieldsExcept checks every seed field but those named.
func assertSeedFieldsExcept(t *testing.T, c *avara.ExpressCustomer, except ...string) {
	t.Helper()
	skip := map[string]bool{}
	for _, e := range except {
		skip[e] = true
	}
	check := func(name string, want, got any, meta respjson.Field) {
		t.Helper()
		if skip[name] {
			return
		}
		assert.Equal(t, want, got, name)
		assert.True(t, meta.Valid(), "JSON.%s.Valid()", name)
	}
	check("expressCustomerId", exCustomerID, c.ExpressCustomerID, c.JSON.ExpressCustomerID)
	check("expressCustomerName", "City Medical Center - Radiology Department", c.ExpressCustomerName, c.JSON.ExpressCustomerName)
	check("isActive", true, c.IsActive, c.JSON.IsActive)
	check("userCount", int64(15), c.UserCount, c.JSON.UserCount)
	check("createdAt", time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC), c.CreatedAt, c.JSON.CreatedAt)
	check("updatedAt", time.Date(2024, 3, 15, 14, 20, 0, 0, time.UTC), c.UpdatedAt, c.JSON.UpdatedAt)
	check("createdByApiKeyId", "550e8400-e29b-41d4-a716-446655440000", c.CreatedByAPIKeyID, c.JSON.CreatedByAPIKeyID)
	check("createdByUserId", exUserID, c.CreatedByUserID, c.JSON.CreatedByUserID)
	check("metadata", map[string]string{"department": "radiology", "region": "northeast"}, c.Metadata, c.JSON.Metadata)
}

// TestDecodeMetadataNullMissingEmpty checks that the three ways of having
// no metadata are told apart.
func TestDecodeMetadataNullMissingEmpty(t *testing.T) {
	t.Run("null", func(t *testing.T) {
		c := getCustomer(t, withSeedFields(t, map[string]string{"metadata": "null"}))
		assert.Nil(t, c.Metadata)
		assert.True(t, c.JSON.Metadata.IsPresent())
		assert.True(t, c.JSON.Metadata.IsNull())
		assert.False(t, c.JSON.Metadata.Valid())
		assert.False(t, c.JSON.Metadata.IsInvalid())
		assert.Equal(t, "null", c.JSON.Metadata.Raw())
		assertSeedFieldsExcept(t, c, "metadata")
	})
	t.Run("missing", func(t *testing.T) {
		c := getCustomer(t, withSeedFields(t, map[string]string{"metadata": ""}))
		assert.Nil(t, c.Metadata)
		assert.False(t, c.JSON.Metadata.IsPresent())
		assert.False(t, c.JSON.Metadata.IsNull())
		assert.False(t, c.JSON.Metadata.Valid())
		assert.Equal(t, "", c.JSON.Metadata.Raw())
		assertSeedFieldsExcept(t, c, "metadata")
	})
	t.Run("empty object", func(t *testing.T) {
		c := getCustomer(t, withSeedFields(t, map[string]string{"metadata": "{}"}))
		assert.NotNil(t, c.Metadata)
		assert.Empty(t, c.Metadata)
		assert.True(t, c.JSON.Metadata.Valid())
		assert.False(t, c.JSON.Metadata.IsNull())
		assert.Equal(t, "{}", c.JSON.Metadata.Raw())
		assertSeedFieldsExcept(t, c, "metadata")
	})
	t.Run("createdByUserId null", func(t *testing.T) {
		c := getCustomer(t, withSeedFields(t, map[string]string{"createdByUserId": "null"}))
		assert.Empty(t, c.CreatedByUserID)
		assert.True(t, c.JSON.CreatedByUserID.IsNull())
		assertSeedFieldsExcept(t, c, "createdByUserId")
	})
}

// TestDecodeWrongTypedField checks that a field of the wrong type is left
// zero and marked invalid with what was received, and the rest decodes.
func TestDecodeWrongTypedField(t *testing.T) {
	tests := []struct {
		field string
		raw   string
		zero  func(*avara.ExpressCustomer) any
		meta  func(*avara.ExpressCustomer) respjson.Field
	}{
		{"userCount", `"15"`, func(c *avara.ExpressCustomer) any { return c.UserCount }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.UserCount }},
		{"userCount", `15.5`, func(c *avara.ExpressCustomer) any { return c.UserCount }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.UserCount }},
		{"userCount", `1e40`, func(c *avara.ExpressCustomer) any { return c.UserCount }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.UserCount }},
		{"createdAt", `5`, func(c *avara.ExpressCustomer) any { return c.CreatedAt }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.CreatedAt }},
		{"createdAt", `"yesterday"`, func(c *avara.ExpressCustomer) any { return c.CreatedAt }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.CreatedAt }},
		{"metadata", `{"a":1}`, func(c *avara.ExpressCustomer) any { return c.Metadata }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.Metadata }},
		{"metadata", `["a"]`, func(c *avara.ExpressCustomer) any { return c.Metadata }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.Metadata }},
		{"isActive", `"true"`, func(c *avara.ExpressCustomer) any { return c.IsActive }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.IsActive }},
		{"expressCustomerId", `42`, func(c *avara.ExpressCustomer) any { return c.ExpressCustomerID }, func(c *avara.ExpressCustomer) respjson.Field { return c.JSON.ExpressCustomerID }},
	}
	for _, tt := range tests {
		t.Run(tt.field+"="+tt.raw, func(t *testing.T) {
			body := withSeedFields(t, map[string]string{tt.field: tt.raw})
			c := getCustomer(t, body)
			assert.Zero(t, tt.zero(c))
			meta := tt.meta(c)
			assert.True(t, meta.IsInvalid())
			assert.True(t, meta.IsPresent())
			assert.False(t, meta.Valid())
			assert.False(t, meta.IsNull())
			assert.Equal(t, tt.raw, meta.Raw())
			assertSeedFieldsExcept(t, c, tt.field)

			// The invalid value survives a round trip as received.
			out, err := json.Marshal(c)
			require.NoError(t, err)
			assert.JSONEq(t, body, string(out))
		})
	}
}

// TestDecodeWholeNumbers checks that an integer written as a float decodes.
func TestDecodeWholeNumbers(t *testing.T) {
	for _, raw := range []string{"15.0", "1.5e1", "15"} {
		t.Run(raw, func(t *testing.T) {
			c := getCustomer(t, withSeedFields(t, map[string]string{"userCount": raw}))
			assert.Equal(t, int64(15), c.UserCount)
			assert.True(t, c.JSON.UserCount.Valid())
			assert.Equal(t, raw, c.JSON.UserCount.Raw())
		})
	}
}

// TestDecodeTimestamps checks timestamps with fractions and offsets.
func TestDecodeTimestamps(t *testing.T) {
	c := getCustomer(t, withSeedFields(t, map[string]string{
		"createdAt": `"2024-01-15T09:00:00.123Z"`,
		"updatedAt": `"2024-03-15T16:20:00+02:00"`,
	}))
	assert.True(t, c.CreatedAt.Equal(time.Date(2024, 1, 15, 9, 0, 0, 123e6, time.UTC)))
	assert.True(t, c.UpdatedAt.Equal(time.Date(2024, 3, 15, 14, 20, 0, 0, time.UTC)))
	assert.True(t, c.JSON.UpdatedAt.Valid())
}

// TestDecodeTimestampOffsets checks that an offset RFC 3339 does not allow
// is invalid field metadata, not a time.Time that json.Marshal then
// refuses: every decoded customer marshals again.
func TestDecodeTimestampOffsets(t *testing.T) {
	for _, tt := range []struct {
		raw   string
		valid bool
	}{
		{`"2024-03-15T16:20:00+23:59"`, true},
		{`"2024-03-15T16:20:00-00:00"`, true},
		{`"2024-03-15T16:20:00+24:00"`, false},
		{`"2024-03-15T16:20:00+23:60"`, false},
		{`"2024-03-15T16:20:00+00:60"`, false},
		{`"2024-03-15T16:20:00-24:00"`, false},
	} {
		t.Run(tt.raw, func(t *testing.T) {
			var c avara.ExpressCustomer
			require.NoError(t, c.UnmarshalJSON([]byte(`{"expressCustomerId":"cus_1","updatedAt":`+tt.raw+`}`)))
			assert.Equal(t, tt.valid, c.JSON.UpdatedAt.Valid())
			assert.Equal(t, !tt.valid, c.JSON.UpdatedAt.IsInvalid())
			assert.Equal(t, tt.raw, c.JSON.UpdatedAt.Raw(), "kept as received")
			if !tt.valid {
				assert.True(t, c.UpdatedAt.IsZero())
			}
			out, err := json.Marshal(c)
			require.NoError(t, err, "a decoded customer always marshals")
			want := tt.raw // an invalid value is written back as received
			if tt.valid {
				b, err := c.UpdatedAt.MarshalJSON()
				require.NoError(t, err)
				want = string(b)
			}
			assert.Contains(t, string(out), `"updatedAt":`+want)
		})
	}
}

// TestDecodeInvalidResponse checks that a 2xx body the SDK cannot use is an
// error wrapping ErrInvalidResponse, for each kind of result.
func TestDecodeInvalidResponse(t *testing.T) {
	bodies := map[string]string{
		"html":         "<!doctype html><html><body>Bad gateway</body></html>",
		"array":        `[` + exSeedCustomerJSON + `]`,
		"string":       `"ok"`,
		"empty":        ``,
		"truncated":    `{"expressCustomerId":"cus_1`,
		"two values":   `{} {}`,
		"number":       `42`,
		"null literal": `null`,
	}
	calls := map[string]func(*avara.Client) error{
		"Get": func(c *avara.Client) error {
			_, err := c.Express.Get(context.Background(), exCustomerID)
			return err
		},
		"List": func(c *avara.Client) error {
			_, err := c.Express.List(context.Background(), avara.ExpressListParams{})
			return err
		},
		"ListAutoPaging": func(c *avara.Client) error {
			iter := c.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
			for iter.Next() {
			}
			return iter.Err()
		},
		"Users.Add": func(c *avara.Client) error {
			_, err := c.Express.Users.Add(context.Background(), exCustomerID, avara.ExpressUserAddParams{UserID: exUserID})
			return err
		},
	}
	for bname, body := range bodies {
		for cname, call := range calls {
			t.Run(cname+"/"+bname, func(t *testing.T) {
				srv := newRecordingServer(t, reply(http.StatusOK, body))
				err := call(srv.client())
				require.Error(t, err)
				assert.ErrorIs(t, err, avara.ErrInvalidResponse)
				var apiErr *avara.Error
				assert.False(t, errors.As(err, &apiErr), "a 200 is not an API error")
				var reqErr *avara.RequestError
				assert.True(t, errors.As(err, &reqErr), "%T", err)
			})
		}
	}
}

// TestDecodePageItemNotAnObject checks that a page whose items are not
// customers is an invalid response, not a list of empty customers.
func TestDecodePageItemNotAnObject(t *testing.T) {
	for _, item := range []string{`5`, `"cus_1"`, `["a"]`, `true`} {
		t.Run(item, func(t *testing.T) {
			srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":[`+exSeedCustomerJSON+`,`+item+`],"hasMore":false}`))
			_, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
			require.Error(t, err)
			assert.ErrorIs(t, err, avara.ErrInvalidResponse)
			assert.Contains(t, err.Error(), "item 1")

			var page pagination.CursorExpressCustomers[avara.ExpressCustomer]
			assert.Error(t, json.Unmarshal([]byte(`{"expressCustomers":[`+item+`]}`), &page))
		})
	}
	t.Run("into WithResponseBodyInto", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":[5],"hasMore":false}`))
		var page pagination.CursorExpressCustomers[avara.ExpressCustomer]
		_, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{}, option.WithResponseBodyInto(&page))
		require.ErrorIs(t, err, avara.ErrInvalidResponse)
		assert.Contains(t, err.Error(), "invalid response: item 0 of expressCustomers is not a JSON object")
		assert.NotContains(t, err.Error(), "invalid response: avara: invalid response", "said once")
	})
	t.Run("null item", func(t *testing.T) {
		// encoding/json decodes a null into a struct as its zero value; so
		// does the page.
		srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":[null,`+exSeedCustomerJSON+`],"hasMore":false}`))
		page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
		require.NoError(t, err)
		require.Len(t, page.ExpressCustomers, 2)
		assert.Zero(t, page.ExpressCustomers[0])
		assertSeedCustomer(t, &page.ExpressCustomers[1])
	})
	t.Run("wrong-typed list", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":{"a":1},"hasMore":false}`))
		page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
		require.NoError(t, err)
		assert.Empty(t, page.ExpressCustomers)
		assert.True(t, page.JSON.ExpressCustomers.IsInvalid())
	})
}

// TestUnmarshalExpressCustomer checks that encoding/json decodes a customer
// (a webhook payload, a stored value) exactly as a response is decoded.
func TestUnmarshalExpressCustomer(t *testing.T) {
	var c avara.ExpressCustomer
	require.NoError(t, json.Unmarshal([]byte(exSeedCustomerJSON), &c))
	assertSeedCustomer(t, &c)

	t.Run("nested in a webhook event", func(t *testing.T) {
		var event struct {
			Type string                 `json:"type"`
			Data avara.ExpressCustomer  `json:"data"`
			Prev *avara.ExpressCustomer `json:"previous"`
		}
		payload := `{"type":"express.updated","data":` + exSeedCustomerJSON + `,"previous":null}`
		require.NoError(t, json.Unmarshal([]byte(payload), &event))
		assert.Equal(t, "express.updated", event.Type)
		assertSeedCustomer(t, &event.Data)
		assert.Nil(t, event.Prev)
	})

	t.Run("same as a response", func(t *testing.T) {
		body := withSeedFields(t, map[string]string{"userCount": `"15"`, "metadata": "null", "tier": `"gold"`})
		fromResponse := getCustomer(t, body)
		var fromJSON avara.ExpressCustomer
		require.NoError(t, json.Unmarshal([]byte(body), &fromJSON))
		assert.Equal(t, *fromResponse, fromJSON)
	})

	t.Run("into a used value", func(t *testing.T) {
		c := getCustomer(t, withSeedFields(t, map[string]string{"tier": `"gold"`}))
		require.NoError(t, json.Unmarshal([]byte(`{"expressCustomerId":"cus_2","userCount":"x"}`), c))
		assert.Equal(t, "cus_2", c.ExpressCustomerID)
		assert.Empty(t, c.ExpressCustomerName, "no field is left from before")
		assert.Nil(t, c.Metadata)
		assert.False(t, c.JSON.Metadata.IsPresent())
		assert.True(t, c.JSON.UserCount.IsInvalid())
		assert.Empty(t, c.JSON.ExtraFields)
		assert.JSONEq(t, `{"expressCustomerId":"cus_2","userCount":"x"}`, c.RawJSON())
	})

	t.Run("null leaves the value as it was", func(t *testing.T) {
		c := getCustomer(t, exSeedCustomerJSON)
		require.NoError(t, json.Unmarshal([]byte(`null`), c))
		assertSeedCustomer(t, c)
	})

	t.Run("not an object", func(t *testing.T) {
		for _, raw := range []string{`[]`, `"cus_1"`, `5`} {
			var c avara.ExpressCustomer
			assert.Error(t, json.Unmarshal([]byte(raw), &c), raw)
		}
	})
}

// TestUnmarshalPageIntoUsedValue checks that a page decoded over another
// keeps nothing of it.
func TestUnmarshalPageIntoUsedValue(t *testing.T) {
	var page pagination.CursorExpressCustomers[avara.ExpressCustomer]
	require.NoError(t, json.Unmarshal([]byte(`{"expressCustomers":[`+exSeedCustomerJSON+`],"hasMore":true,"cursor":"c1","total":3}`), &page))
	require.NoError(t, json.Unmarshal([]byte(`{"expressCustomers":[],"hasMore":false}`), &page))
	assert.Empty(t, page.ExpressCustomers)
	assert.False(t, page.HasMore)
	assert.Empty(t, page.Cursor, "no cursor is left from the page before")
	assert.False(t, page.JSON.Cursor.IsPresent())
	assert.Empty(t, page.JSON.ExtraFields)
}

// TestUnmarshalPageKeepsNothingOfItsInput overwrites the bytes a page was
// decoded from, as a caller reusing its buffer does: nothing of the page, its
// items, their metadata and their text changes.
func TestUnmarshalPageKeepsNothingOfItsInput(t *testing.T) {
	text := `{"expressCustomers":[` + exSeedCustomerJSON + `, {"expressCustomerId":"cus_x","oddField":[1]}, null],` +
		`"hasMore":true,"cursor":"c1","total":{"n":3}} `
	// snapshot is everything a caller can read of the page, as text.
	snapshot := func(page *pagination.CursorExpressCustomers[avara.ExpressCustomer]) string {
		out, err := json.Marshal(page)
		require.NoError(t, err)
		var b strings.Builder
		for _, c := range page.ExpressCustomers {
			b.WriteString(c.ExpressCustomerID + c.ExpressCustomerName + c.CreatedByUserID + c.RawJSON() + c.JSON.ExtraFields["oddField"].Raw())
			b.WriteString(strings.Join(slices.Sorted(maps.Values(c.Metadata)), ","))
		}
		return b.String() + page.Cursor + page.JSON.ExtraFields["total"].Raw() + page.JSON.ExpressCustomers.Raw() + page.RawJSON() + string(out)
	}
	var want pagination.CursorExpressCustomers[avara.ExpressCustomer]
	require.NoError(t, want.UnmarshalJSON([]byte(text)))

	data := []byte(text)
	var page pagination.CursorExpressCustomers[avara.ExpressCustomer]
	require.NoError(t, page.UnmarshalJSON(data))
	require.Equal(t, snapshot(&want), snapshot(&page))
	for i := range data {
		data[i] = 'x'
	}
	assert.Equal(t, snapshot(&want), snapshot(&page))
	assert.Contains(t, snapshot(&page), `"oddField":[1]`)
}

// fieldState describes a field's metadata, respjson.Field or ListField,
// with its raw JSON compacted.
func fieldState(t *testing.T, f interface {
	String() string
	Raw() string
}) string {
	t.Helper()
	state := f.String()
	if raw := f.Raw(); raw != "" && raw != "null" {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err == nil {
			b, _ := json.Marshal(v)
			state = strings.SplitN(state, " ", 2)[0] + " " + string(b)
		}
	}
	return state
}

func customerMeta(t *testing.T, c *avara.ExpressCustomer) map[string]string {
	m := map[string]string{
		"ExpressCustomerID":   fieldState(t, c.JSON.ExpressCustomerID),
		"ExpressCustomerName": fieldState(t, c.JSON.ExpressCustomerName),
		"IsActive":            fieldState(t, c.JSON.IsActive),
		"UserCount":           fieldState(t, c.JSON.UserCount),
		"CreatedAt":           fieldState(t, c.JSON.CreatedAt),
		"UpdatedAt":           fieldState(t, c.JSON.UpdatedAt),
		"CreatedByAPIKeyID":   fieldState(t, c.JSON.CreatedByAPIKeyID),
		"CreatedByUserID":     fieldState(t, c.JSON.CreatedByUserID),
		"Metadata":            fieldState(t, c.JSON.Metadata),
	}
	for k, f := range c.JSON.ExtraFields {
		m["extra."+k] = fieldState(t, f)
	}
	return m
}

// assertSameCustomer compares two customers field by field, metadata
// included, ignoring how their JSON was spaced.
func assertSameCustomer(t *testing.T, want, got *avara.ExpressCustomer) {
	t.Helper()
	assert.Equal(t, want.ExpressCustomerID, got.ExpressCustomerID)
	assert.Equal(t, want.ExpressCustomerName, got.ExpressCustomerName)
	assert.Equal(t, want.IsActive, got.IsActive)
	assert.Equal(t, want.UserCount, got.UserCount)
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "CreatedAt %v != %v", want.CreatedAt, got.CreatedAt)
	assert.True(t, want.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt %v != %v", want.UpdatedAt, got.UpdatedAt)
	assert.Equal(t, want.CreatedByAPIKeyID, got.CreatedByAPIKeyID)
	assert.Equal(t, want.CreatedByUserID, got.CreatedByUserID)
	assert.Equal(t, want.Metadata, got.Metadata)
	assert.Equal(t, customerMeta(t, want), customerMeta(t, got))
	assert.JSONEq(t, want.RawJSON(), got.RawJSON())
}

// TestRoundTripResponses checks that every response type survives
// json.Marshal then json.Unmarshal without loss.
func TestRoundTripResponses(t *testing.T) {
	customers := map[string]string{
		"seed":          exSeedCustomerJSON,
		"nulls":         withSeedFields(t, map[string]string{"metadata": "null", "createdByUserId": "null", "createdAt": "null", "createdByApiKeyId": "null"}),
		"missing":       `{"expressCustomerId":"cus_1","expressCustomerName":"x"}`,
		"empty":         `{}`,
		"zero values":   `{"expressCustomerId":"","expressCustomerName":"","isActive":false,"userCount":0,"metadata":{}}`,
		"invalid":       withSeedFields(t, map[string]string{"userCount": `"15"`, "createdAt": `5`, "metadata": `{"a":1}`, "isActive": `"yes"`}),
		"unknown":       withSeedFields(t, map[string]string{"tier": `"gold"`, "tags": `["a",1,null]`, "gone": "null", "nested": `{"a":{"b":[1,2]}}`}),
		"unicode":       withSeedFields(t, map[string]string{"expressCustomerName": `"Clínica \u00e9 <&> \"q\" 🏥"`, "metadata": `{"ключ":"значение","e":""}`}),
		"float integer": withSeedFields(t, map[string]string{"userCount": "15.0"}),
	}
	for name, body := range customers {
		t.Run("ExpressCustomer/"+name, func(t *testing.T) {
			var c avara.ExpressCustomer
			require.NoError(t, json.Unmarshal([]byte(body), &c))
			out, err := json.Marshal(c)
			require.NoError(t, err)
			assert.JSONEq(t, body, string(out))

			var back avara.ExpressCustomer
			require.NoError(t, json.Unmarshal(out, &back))
			assertSameCustomer(t, &c, &back)

			// A pointer marshals the same way.
			outPtr, err := json.Marshal(&c)
			require.NoError(t, err)
			assert.JSONEq(t, string(out), string(outPtr))
		})
	}

	t.Run("ExpressCustomer/changed fields are written as changed", func(t *testing.T) {
		var c avara.ExpressCustomer
		require.NoError(t, json.Unmarshal([]byte(withSeedFields(t, map[string]string{"userCount": `"15"`})), &c))
		c.UserCount = 16
		c.ExpressCustomerName = "Renamed"
		c.Metadata = map[string]string{"k": "v"}
		out, err := json.Marshal(c)
		require.NoError(t, err)
		var back avara.ExpressCustomer
		require.NoError(t, json.Unmarshal(out, &back))
		assert.Equal(t, int64(16), back.UserCount)
		assert.True(t, back.JSON.UserCount.Valid())
		assert.Equal(t, "Renamed", back.ExpressCustomerName)
		assert.Equal(t, map[string]string{"k": "v"}, back.Metadata)
	})

	t.Run("ExpressCustomer/from a response", func(t *testing.T) {
		c := getCustomer(t, exSeedCustomerJSON)
		out, err := json.Marshal(c)
		require.NoError(t, err)
		assert.JSONEq(t, exSeedCustomerJSON, string(out))
	})

	for name, body := range map[string]string{
		"with message":    `{"success":true,"message":"User added"}`,
		"without message": `{"success":true}`,
		"null message":    `{"success":false,"message":null}`,
		"unknown field":   `{"success":true,"requestId":"req_1","x":[1]}`,
		"invalid success": `{"success":"yes","message":7}`,
	} {
		t.Run("SuccessResponse/"+name, func(t *testing.T) {
			var r avara.SuccessResponse
			require.NoError(t, json.Unmarshal([]byte(body), &r))
			out, err := json.Marshal(r)
			require.NoError(t, err)
			assert.JSONEq(t, body, string(out))

			var back avara.SuccessResponse
			require.NoError(t, json.Unmarshal(out, &back))
			assert.Equal(t, r.Success, back.Success)
			assert.Equal(t, r.Message, back.Message)
			assert.Equal(t, fieldState(t, r.JSON.Success), fieldState(t, back.JSON.Success))
			assert.Equal(t, fieldState(t, r.JSON.Message), fieldState(t, back.JSON.Message))
			assert.Equal(t, len(r.JSON.ExtraFields), len(back.JSON.ExtraFields))
			for k, f := range r.JSON.ExtraFields {
				assert.Equal(t, fieldState(t, f), fieldState(t, back.JSON.ExtraFields[k]), k)
			}
		})
	}

	pages := map[string]string{
		"seed":            exSeedPageJSON,
		"null cursor":     `{"expressCustomers":[],"hasMore":false,"cursor":null}`,
		"missing fields":  `{"expressCustomers":[` + exSeedCustomerJSON + `]}`,
		"null list":       `{"expressCustomers":null,"hasMore":false}`,
		"invalid list":    `{"expressCustomers":{"a":1},"hasMore":"no","cursor":5}`,
		"unknown field":   `{"expressCustomers":[{"expressCustomerId":"cus_1","x":1}],"hasMore":true,"cursor":"c","total":2}`,
		"two customers":   `{"expressCustomers":[` + exSeedCustomerJSON + `,{"expressCustomerId":"cus_2","metadata":null}],"hasMore":true,"cursor":"c2"}`,
		"empty page json": `{}`,
	}
	for name, body := range pages {
		t.Run("CursorExpressCustomers/"+name, func(t *testing.T) {
			var p pagination.CursorExpressCustomers[avara.ExpressCustomer]
			require.NoError(t, json.Unmarshal([]byte(body), &p))
			out, err := json.Marshal(p)
			require.NoError(t, err)
			assert.JSONEq(t, body, string(out))

			var back pagination.CursorExpressCustomers[avara.ExpressCustomer]
			require.NoError(t, json.Unmarshal(out, &back))
			assert.Equal(t, p.HasMore, back.HasMore)
			assert.Equal(t, p.Cursor, back.Cursor)
			assert.Equal(t, fieldState(t, p.JSON.ExpressCustomers), fieldState(t, back.JSON.ExpressCustomers))
			assert.Equal(t, fieldState(t, p.JSON.HasMore), fieldState(t, back.JSON.HasMore))
			assert.Equal(t, fieldState(t, p.JSON.Cursor), fieldState(t, back.JSON.Cursor))
			assert.Equal(t, len(p.JSON.ExtraFields), len(back.JSON.ExtraFields))
			require.Len(t, back.ExpressCustomers, len(p.ExpressCustomers))
			for i := range p.ExpressCustomers {
				assertSameCustomer(t, &p.ExpressCustomers[i], &back.ExpressCustomers[i])
			}
			assert.JSONEq(t, p.RawJSON(), back.RawJSON())

			// A decoded page cannot fetch further.
			next, err := back.GetNextPage()
			assert.NoError(t, err)
			assert.Nil(t, next)
		})
	}

	t.Run("CursorExpressCustomers/from a response", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, exSeedPageJSON))
		page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
		require.NoError(t, err)
		out, err := json.Marshal(page)
		require.NoError(t, err)
		assert.JSONEq(t, exSeedPageJSON, string(out))
	})
}

// roundTripParams marshals p, checks the JSON, unmarshals it into back and
// checks that back marshals to the same JSON.
func roundTripParams[P any](t *testing.T, p P, wantJSON string, back *P) {
	t.Helper()
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, wantJSON, string(out))
	require.NoError(t, json.Unmarshal(out, back))
	again, err := json.Marshal(*back)
	require.NoError(t, err)
	assert.JSONEq(t, wantJSON, string(again))
}

// TestRoundTripParams checks that every params type survives json.Marshal
// then json.Unmarshal without loss, extra fields included.
func TestRoundTripParams(t *testing.T) {
	t.Run("ExpressNewParams", func(t *testing.T) {
		p := avara.ExpressNewParams{ExpressCustomerName: "Clinic", Metadata: map[string]string{"region": "ne"}}
		p.SetExtraFields(map[string]any{"parentId": "cus_0", "seats": 5})
		var back avara.ExpressNewParams
		roundTripParams(t, p, `{"expressCustomerName":"Clinic","metadata":{"region":"ne"},"parentId":"cus_0","seats":5}`, &back)
		assert.Equal(t, "Clinic", back.ExpressCustomerName)
		assert.Equal(t, map[string]string{"region": "ne"}, back.Metadata)
		assert.Len(t, back.ExtraFields(), 2)

		var plain avara.ExpressNewParams
		roundTripParams(t, avara.ExpressNewParams{ExpressCustomerName: "x"}, `{"expressCustomerName":"x"}`, &plain)
		assert.Nil(t, plain.Metadata)
		assert.Empty(t, plain.ExtraFields())

		var empty avara.ExpressNewParams
		roundTripParams(t, avara.ExpressNewParams{ExpressCustomerName: "x", Metadata: map[string]string{}}, `{"expressCustomerName":"x","metadata":{}}`, &empty)
		assert.NotNil(t, empty.Metadata)
	})

	t.Run("ExpressListParams", func(t *testing.T) {
		p := avara.ExpressListParams{Limit: avara.Int(50), Cursor: avara.String("Y3Vy")}
		p.SetExtraFields(map[string]any{"name": "clinic"})
		var back avara.ExpressListParams
		roundTripParams(t, p, `{"limit":50,"cursor":"Y3Vy","name":"clinic"}`, &back)
		assert.Equal(t, avara.Int(50), back.Limit)
		assert.Equal(t, avara.String("Y3Vy"), back.Cursor)

		var zero avara.ExpressListParams
		roundTripParams(t, avara.ExpressListParams{}, `{}`, &zero)
		assert.True(t, zero.Limit.IsZero())
		assert.True(t, zero.Cursor.IsZero())
	})

	t.Run("ExpressUpdateParams", func(t *testing.T) {
		tests := []struct {
			name     string
			p        avara.ExpressUpdateParams
			wantJSON string
		}{
			{"omitted", avara.ExpressUpdateParams{}, `{}`},
			{"null metadata", avara.ExpressUpdateParams{Metadata: param.Null[map[string]string]()}, `{"metadata":null}`},
			{"values", avara.ExpressUpdateParams{
				ExpressCustomerName: avara.String("New"),
				Metadata:            param.NewOpt(map[string]string{"a": "b"}),
			}, `{"expressCustomerName":"New","metadata":{"a":"b"}}`},
			{"empty metadata", avara.ExpressUpdateParams{Metadata: param.NewOpt(map[string]string{})}, `{"metadata":{}}`},
			{"null name", avara.ExpressUpdateParams{ExpressCustomerName: param.Null[string]()}, `{"expressCustomerName":null}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var back avara.ExpressUpdateParams
				roundTripParams(t, tt.p, tt.wantJSON, &back)
				assert.Equal(t, tt.p.ExpressCustomerName.IsZero(), back.ExpressCustomerName.IsZero())
				assert.Equal(t, tt.p.ExpressCustomerName.IsNull(), back.ExpressCustomerName.IsNull())
				assert.Equal(t, tt.p.ExpressCustomerName.String(), back.ExpressCustomerName.String())
				assert.Equal(t, tt.p.Metadata.IsZero(), back.Metadata.IsZero())
				assert.Equal(t, tt.p.Metadata.IsNull(), back.Metadata.IsNull())
				wantMeta, _ := tt.p.Metadata.Value()
				gotMeta, _ := back.Metadata.Value()
				assert.Equal(t, wantMeta, gotMeta)
			})
		}

		p := avara.ExpressUpdateParams{Metadata: param.Null[map[string]string]()}
		p.SetExtraFields(map[string]any{"tier": "gold"})
		var back avara.ExpressUpdateParams
		roundTripParams(t, p, `{"metadata":null,"tier":"gold"}`, &back)
		assert.True(t, back.Metadata.IsNull())
	})

	t.Run("ExpressUserAddParams", func(t *testing.T) {
		p := avara.ExpressUserAddParams{UserID: exUserID}
		p.SetExtraFields(map[string]any{"role": "admin"})
		var back avara.ExpressUserAddParams
		roundTripParams(t, p, `{"userId":"`+exUserID+`","role":"admin"}`, &back)
		assert.Equal(t, exUserID, back.UserID)
	})

	t.Run("ExpressUserRemoveParams", func(t *testing.T) {
		p := avara.ExpressUserRemoveParams{UserID: exUserID}
		p.SetExtraFields(map[string]any{"reason": "left"})
		var back avara.ExpressUserRemoveParams
		roundTripParams(t, p, `{"userId":"`+exUserID+`","reason":"left"}`, &back)
		assert.Equal(t, exUserID, back.UserID)
	})
}

// TestExtraFieldsOnTheWire checks that extra fields reach the request: in
// the body of New, Update and Users.Add, and in the query of List, both as
// set and after the params went through a JSON round trip.
func TestExtraFieldsOnTheWire(t *testing.T) {
	t.Run("New body", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, exSeedCustomerJSON))
		p := avara.ExpressNewParams{ExpressCustomerName: "Clinic"}
		p.SetExtraFields(map[string]any{"parentId": "cus_0", "seats": 5, "flags": json.RawMessage(`{"beta":true}`)})
		_, err := srv.client().Express.New(context.Background(), p)
		require.NoError(t, err)
		assert.JSONEq(t, `{"expressCustomerName":"Clinic","parentId":"cus_0","seats":5,"flags":{"beta":true}}`, srv.requests()[0].Body)
	})

	t.Run("an extra field replaces a typed one", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, exSeedCustomerJSON))
		p := avara.ExpressUpdateParams{ExpressCustomerName: avara.String("typed")}
		p.SetExtraFields(map[string]any{"expressCustomerName": "extra"})
		_, err := srv.client().Express.Update(context.Background(), exCustomerID, p)
		require.NoError(t, err)
		assert.JSONEq(t, `{"expressCustomerName":"extra"}`, srv.requests()[0].Body)
	})

	listExtras := map[string]any{"name": "clinic", "active": true, "minUsers": 3, "q": json.RawMessage(`"raw string"`)}
	wantQuery := url.Values{"limit": {"10"}, "name": {"clinic"}, "active": {"true"}, "minUsers": {"3"}, "q": {"raw string"}}

	t.Run("List query", func(t *testing.T) {
		srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":[],"hasMore":false}`))
		p := avara.ExpressListParams{Limit: avara.Int(10)}
		p.SetExtraFields(listExtras)
		_, err := srv.client().Express.List(context.Background(), p)
		require.NoError(t, err)
		q, err := url.ParseQuery(srv.requests()[0].RawQuery)
		require.NoError(t, err)
		assert.Equal(t, wantQuery, q)
	})

	t.Run("List query after a JSON round trip", func(t *testing.T) {
		p := avara.ExpressListParams{Limit: avara.Int(10)}
		p.SetExtraFields(listExtras)
		b, err := json.Marshal(p)
		require.NoError(t, err)
		var stored avara.ExpressListParams
		require.NoError(t, json.Unmarshal(b, &stored))

		srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":[],"hasMore":false}`))
		_, err = srv.client().Express.List(context.Background(), stored)
		require.NoError(t, err)
		q, err := url.ParseQuery(srv.requests()[0].RawQuery)
		require.NoError(t, err)
		assert.Equal(t, wantQuery, q)
	})

	t.Run("Users.Add body after a JSON round trip", func(t *testing.T) {
		p := avara.ExpressUserAddParams{UserID: exUserID}
		p.SetExtraFields(map[string]any{"role": "admin"})
		b, err := json.Marshal(p)
		require.NoError(t, err)
		var stored avara.ExpressUserAddParams
		require.NoError(t, json.Unmarshal(b, &stored))

		srv := newRecordingServer(t, reply(http.StatusOK, `{"success":true}`))
		_, err = srv.client().Express.Users.Add(context.Background(), exCustomerID, stored)
		require.NoError(t, err)
		assert.JSONEq(t, `{"userId":"`+exUserID+`","role":"admin"}`, srv.requests()[0].Body)
	})
}
