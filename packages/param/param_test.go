package param_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/avara/avara-go/packages/param"
	"github.com/google/go-querystring/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type body struct {
	Name     param.Opt[string]            `json:"name,omitzero"`
	Metadata param.Opt[map[string]string] `json:"metadata,omitzero"`
}

type listQuery struct {
	Cursor param.Opt[string] `url:"cursor,omitempty"`
	Limit  param.Opt[int64]  `url:"limit,omitempty"`
}

func TestOptOnTheWire(t *testing.T) {
	tests := []struct {
		name string
		in   body
		want string
	}{
		{"an omitted opt is left out of the JSON", body{}, `{}`},
		{"a null opt is sent as JSON null", body{Metadata: param.Null[map[string]string]()}, `{"metadata":null}`},
		{"a set opt is sent as its value", body{Name: param.NewOpt("x"), Metadata: param.NewOpt(map[string]string{"a": "b"})}, `{"name":"x","metadata":{"a":"b"}}`},
		{"a set opt holding the zero value is still sent", body{Name: param.NewOpt("")}, `{"name":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.in)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(got))

			var back body
			require.NoError(t, json.Unmarshal(got, &back))
			assert.Equal(t, tt.in, back, "the three states survive a round trip")
		})
	}
}

func TestOptInTheQuery(t *testing.T) {
	tests := []struct {
		name string
		in   listQuery
		want string
	}{
		{"omitted opts are left out of the query", listQuery{}, ""},
		{"a null opt has no query form and is left out", listQuery{Cursor: param.Null[string]()}, ""},
		{"set opts are encoded, zero values included", listQuery{Cursor: param.NewOpt("c 1"), Limit: param.NewOpt[int64](0)}, "cursor=c+1&limit=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := query.Values(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.Encode())
		})
	}
}

func TestOptAccessors(t *testing.T) {
	t.Run("an omitted opt is zero, not valid, not null", func(t *testing.T) {
		var o param.Opt[int64]
		assert.True(t, o.IsZero())
		assert.False(t, o.Valid())
		assert.False(t, o.IsNull())
		assert.Equal(t, int64(7), o.Or(7))
		assert.Equal(t, "omitted", o.String())
	})
	t.Run("a null opt is null and not zero", func(t *testing.T) {
		o := param.Null[int64]()
		assert.True(t, o.IsNull())
		assert.False(t, o.IsZero())
		_, ok := o.Value()
		assert.False(t, ok)
		assert.Equal(t, "null", o.String())
	})
	t.Run("a set opt returns its value", func(t *testing.T) {
		o := param.NewOpt[int64](3)
		v, ok := o.Value()
		assert.True(t, ok)
		assert.Equal(t, int64(3), v)
		assert.Equal(t, int64(3), o.Or(7))
		assert.Equal(t, "3", o.String())
	})
}

func TestOptUnmarshalRejectsTheWrongType(t *testing.T) {
	var b body
	err := json.Unmarshal([]byte(`{"name":5}`), &b)
	assert.Error(t, err)
}

type extraParams struct {
	Name string `json:"name"`
	param.Extras
}

func TestExtras(t *testing.T) {
	t.Run("extra fields are merged into the object and can replace a typed one", func(t *testing.T) {
		p := extraParams{Name: "typed"}
		p.SetExtraFields(map[string]any{"newField": 1, "name": "extra", "raw": json.RawMessage(`{"a":true}`)})
		got, err := param.MarshalObject(struct {
			Name string `json:"name"`
		}{p.Name}, p.Extras)
		require.NoError(t, err)
		assert.JSONEq(t, `{"name":"extra","newField":1,"raw":{"a":true}}`, string(got))
	})
	t.Run("an extra field that cannot be encoded is an error naming it", func(t *testing.T) {
		var e param.Extras
		e.SetExtraFields(map[string]any{"bad": make(chan int)})
		_, err := param.MarshalObject(struct{}{}, e)
		assert.ErrorContains(t, err, `extra field "bad"`)
	})
	t.Run("keys that differ only in invalid UTF-8 are refused, not written twice", func(t *testing.T) {
		type meta struct {
			Name     string            `json:"name"`
			Metadata map[string]string `json:"metadata"`
			List     []map[string]any  `json:"list,omitempty"`
		}
		withExtras := func(fields map[string]any) param.Extras {
			var e param.Extras
			e.SetExtraFields(fields)
			return e
		}
		tests := []struct {
			name   string
			typed  meta
			extras param.Extras
			want   string
		}{
			{"two metadata keys", meta{Metadata: map[string]string{"a\xff": "1", "a\xfe": "2"}}, param.Extras{},
				`param: metadata: "a\ufffd": two keys would be written as one`},
			{"a metadata key and one that is U+FFFD already", meta{Metadata: map[string]string{"a\xff": "1", "a\ufffd": "2"}}, param.Extras{},
				`param: metadata: "a\ufffd": two keys would be written as one`},
			{"two extra fields", meta{}, withExtras(map[string]any{"x\xff": 1, "x\xfe": 2}),
				`param: "x\ufffd": two keys would be written as one`},
			{"two keys of an object in an extra field's list", meta{}, withExtras(map[string]any{"rows": []any{map[string]int{"k\xff": 1, "k\x80": 2}}}),
				`param: rows[]: "k\ufffd": two keys would be written as one`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := param.MarshalObject(tt.typed, tt.extras)
				require.Error(t, err)
				assert.True(t, strings.HasPrefix(err.Error(), tt.want), "got %q, want it to start with %q", err, tt.want)
			})
		}
		t.Run("one invalid key, or invalid UTF-8 in values, is written as encoding/json writes it", func(t *testing.T) {
			got, err := param.MarshalObject(meta{Name: "n\xff", Metadata: map[string]string{"a\xff": "v\xfe", "b": "1"}}, param.Extras{})
			require.NoError(t, err)
			want, err := json.Marshal(meta{Name: "n\xff", Metadata: map[string]string{"a\xff": "v\xfe", "b": "1"}})
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	})
	t.Run("unknown keys are kept when decoding", func(t *testing.T) {
		var typed struct {
			Name string `json:"name"`
		}
		var e param.Extras
		require.NoError(t, param.UnmarshalObject([]byte(`{"name":"n","x":[1,2]}`), &typed, &e, "name"))
		assert.Equal(t, "n", typed.Name)
		require.Contains(t, e.ExtraFields(), "x")
		assert.JSONEq(t, `[1,2]`, string(e.ExtraFields()["x"].(json.RawMessage)))
	})
}
