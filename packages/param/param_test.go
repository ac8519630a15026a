package param_test

import (
	"encoding/json"
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
