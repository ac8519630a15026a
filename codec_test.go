package avara_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The generated codecs decode and encode as encoding/json would, where they
// do not document otherwise (see FuzzCustomerAgainstEncodingJSON for the
// documented differences).

func TestCodecRepeatedKeys(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, c *avara.ExpressCustomer)
	}{
		{"the last of a repeated key wins entirely: a null after a number", `{"userCount":5,"userCount":null}`,
			func(t *testing.T, c *avara.ExpressCustomer) {
				assert.Zero(t, c.UserCount)
				assert.True(t, c.JSON.UserCount.IsNull())
			}},
		{"a null metadata after an object", `{"metadata":{"a":"1"},"metadata":null}`,
			func(t *testing.T, c *avara.ExpressCustomer) {
				assert.Nil(t, c.Metadata)
				assert.True(t, c.JSON.Metadata.IsNull())
			}},
		{"a wrong-typed value after a good one", `{"expressCustomerName":"A","expressCustomerName":7}`,
			func(t *testing.T, c *avara.ExpressCustomer) {
				assert.Empty(t, c.ExpressCustomerName)
				assert.True(t, c.JSON.ExpressCustomerName.IsInvalid())
				assert.Equal(t, "7", c.JSON.ExpressCustomerName.Raw())
			}},
		{"a good value after a wrong-typed one", `{"isActive":"yes","isActive":true}`,
			func(t *testing.T, c *avara.ExpressCustomer) {
				assert.True(t, c.IsActive)
				assert.True(t, c.JSON.IsActive.Valid())
			}},
		{"a second metadata object replaces the first, not merges", `{"metadata":{"a":"1"},"metadata":{"b":"2"}}`,
			func(t *testing.T, c *avara.ExpressCustomer) {
				assert.Equal(t, map[string]string{"b": "2"}, c.Metadata)
			}},
		{"an unknown key repeated keeps its last value", `{"x":1,"x":[2]}`,
			func(t *testing.T, c *avara.ExpressCustomer) {
				assert.Equal(t, "[2]", c.JSON.ExtraFields["x"].Raw())
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Run("through UnmarshalJSON", func(t *testing.T) {
				var c avara.ExpressCustomer
				require.NoError(t, c.UnmarshalJSON([]byte(tt.body)))
				tt.check(t, &c)
			})
			t.Run("in a response", func(t *testing.T) {
				tt.check(t, getCustomer(t, tt.body))
			})
		})
	}
}

func TestCodecExactIntegers(t *testing.T) {
	tests := []struct {
		raw   string
		want  int64
		valid bool
	}{
		{"10", 10, true},
		{"10.0", 10, true},
		{"1e1", 10, true},
		{"9007199254740993.0", 9007199254740993, true},
		{"9223372036854775807", 1<<63 - 1, true},
		{"10.0000000000000000001", 0, false},
		{"1e-400", 0, false},
		{"10.5", 0, false},
		{"9223372036854775808", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			c := getCustomer(t, `{"userCount":`+tt.raw+`}`)
			assert.Equal(t, tt.want, c.UserCount)
			assert.Equal(t, tt.valid, c.JSON.UserCount.Valid())
			assert.Equal(t, !tt.valid, c.JSON.UserCount.IsInvalid())
			assert.Equal(t, tt.raw, c.JSON.UserCount.Raw(), "the value as received is kept")
		})
	}
}

// plainOf returns the struct type of t's exported fields but JSON: what
// encoding/json makes of the same fields, with no methods of their own.
func plainOf(t reflect.Type) reflect.Type {
	var fields []reflect.StructField
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && f.Name != "JSON" {
			fields = append(fields, f)
		}
	}
	return reflect.StructOf(fields)
}

// plain copies v's fields into a value of plainOf(v's type).
func plain(v any) any {
	rv := reflect.ValueOf(v)
	pv := reflect.New(plainOf(rv.Type())).Elem()
	for i := range pv.NumField() {
		name := pv.Type().Field(i).Name
		pv.Field(i).Set(rv.FieldByName(name))
	}
	return pv.Interface()
}

func TestCodecMarshalsValuesBuiltInCodeAsEncodingJSON(t *testing.T) {
	at := time.Date(2024, 1, 15, 9, 0, 0, 123, time.UTC)
	tests := []struct {
		name  string
		value any
	}{
		{"zero values are written, not dropped", avara.ExpressCustomer{ExpressCustomerID: "cus_1"}},
		{"every field set", avara.ExpressCustomer{ExpressCustomerID: "cus_1", ExpressCustomerName: "A <&> B \xff", IsActive: true,
			UserCount: 3, CreatedAt: at, UpdatedAt: at, CreatedByAPIKeyID: "k", Metadata: map[string]string{"b": "2", "a": "1\u2028"}}},
		{"an empty map is {}", avara.ExpressCustomer{Metadata: map[string]string{}}},
		{"a success response", avara.SuccessResponse{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.value)
			require.NoError(t, err)
			want, err := json.Marshal(plain(tt.value))
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
	t.Run("a decoded value still round-trips: missing stays missing, null null, extra fields kept", func(t *testing.T) {
		in := `{"expressCustomerId":"cus_1","createdByUserId":null,"userCount":"x","future":{"a":[1]}}`
		var c avara.ExpressCustomer
		require.NoError(t, json.Unmarshal([]byte(in), &c))
		out, err := json.Marshal(c)
		require.NoError(t, err)
		assert.JSONEq(t, in, string(out))
	})
}

func TestCodecNeverWritesAKeyTwice(t *testing.T) {
	t.Run("metadata keys that differ only in invalid UTF-8 fail the marshal, naming both", func(t *testing.T) {
		c := avara.ExpressCustomer{Metadata: map[string]string{"a\xff": "1", "a\xfe": "2"}}
		_, err := json.Marshal(c)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `metadata: two keys would be written as one: "a\xfe" and "a\xff"`)
	})
	t.Run("decoded keys with invalid UTF-8 are U+FFFD, as encoding/json decodes them, so a decoded value marshals", func(t *testing.T) {
		var c avara.ExpressCustomer
		require.NoError(t, c.UnmarshalJSON([]byte("{\"x\xff\":1,\"x\xfe\":2,\"metadata\":{\"k\xff\":\"1\",\"k\xfe\":\"2\"}}")))
		assert.Equal(t, map[string]string{"k\ufffd": "2"}, c.Metadata, "the last value, as encoding/json keeps")
		require.Len(t, c.JSON.ExtraFields, 1)
		assert.Equal(t, "2", c.JSON.ExtraFields["x\ufffd"].Raw())
		out, err := json.Marshal(c)
		require.NoError(t, err)
		var std map[string]any
		require.NoError(t, json.Unmarshal(out, &std))
		assert.Len(t, std, 2, "%s", out)
	})
	t.Run("an extra field named like a known one fails the marshal", func(t *testing.T) {
		c := getCustomer(t, `{"expressCustomerId":"cus_1","x":1}`)
		c.JSON.ExtraFields["expressCustomerId"] = c.JSON.ExtraFields["x"]
		_, err := json.Marshal(c)
		assert.ErrorContains(t, err, `ExtraFields: two keys would be written as one`)
	})
}

func TestSDKSendsOnlyWhatTheSpecAllows(t *testing.T) {
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		body := exSeedCustomerJSON
		if r.URL.Path == "/v1/express" && r.Method == http.MethodGet {
			body = `{"expressCustomers":[],"hasMore":false}`
		}
		reply(http.StatusOK, body)(w, r)
	})
	client := srv.client()
	ctx := t.Context()

	t.Run("every body is sent as application/json", func(t *testing.T) {
		_, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"})
		require.NoError(t, err)
		_, err = client.Express.Update(ctx, exCustomerID, avara.ExpressUpdateParams{})
		require.NoError(t, err)
		_, err = client.Express.Users.Add(ctx, exCustomerID, avara.ExpressUserAddParams{UserID: "usr_0123456789abcdef0123456789abcdef"})
		require.NoError(t, err)
		_, err = client.Express.Users.Remove(ctx, exCustomerID, avara.ExpressUserRemoveParams{UserID: "usr_0123456789abcdef0123456789abcdef"})
		require.NoError(t, err)
		for _, r := range srv.requests() {
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "%s %s", r.Method, r.Path)
		}
	})
	t.Run("create leaves nil metadata out, never sends it as null", func(t *testing.T) {
		_, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"})
		require.NoError(t, err)
		reqs := srv.requests()
		assert.JSONEq(t, `{"expressCustomerName":"A"}`, reqs[len(reqs)-1].Body)
	})
	t.Run("an update with nothing set sends {}, not an empty body", func(t *testing.T) {
		_, err := client.Express.Update(ctx, exCustomerID, avara.ExpressUpdateParams{})
		require.NoError(t, err)
		reqs := srv.requests()
		assert.Equal(t, `{}`, reqs[len(reqs)-1].Body)
	})
	t.Run("the limit is sent once", func(t *testing.T) {
		_, err := client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(5)})
		require.NoError(t, err)
		reqs := srv.requests()
		assert.Equal(t, "limit=5", reqs[len(reqs)-1].RawQuery)
	})
	t.Run("an empty name is refused before sending, by Update as by New", func(t *testing.T) {
		before := len(srv.requests())
		_, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: ""})
		assert.ErrorIs(t, err, avara.ErrInvalidParams)
		assert.EqualError(t, err, "avara: invalid params: Express.New: expressCustomerName: must not be empty (it is required)")
		_, err = client.Express.Update(ctx, exCustomerID, avara.ExpressUpdateParams{ExpressCustomerName: avara.String("")})
		assert.ErrorIs(t, err, avara.ErrInvalidParams)
		assert.EqualError(t, err, "avara: invalid params: Express.Update: expressCustomerName: must not be empty")
		assert.Len(t, srv.requests(), before, "nothing is sent")
	})
}
