package main

import (
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The parts of an OpenAPI 3.1 document the generator reads, in the order
// the document gives them: struct fields, operations and rules are emitted
// in that order. Anything else in the document is ignored here; contracttest
// validates the whole of it.

// ordered is a YAML mapping that keeps its keys' order.
type ordered[T any] struct {
	Keys   []string
	Values map[string]T
}

func (o *ordered[T]) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a mapping", n.Line)
	}
	o.Values = make(map[string]T, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		var v T
		if err := n.Content[i+1].Decode(&v); err != nil {
			return err
		}
		k := n.Content[i].Value
		o.Keys = append(o.Keys, k)
		o.Values[k] = v
	}
	return nil
}

type document struct {
	Servers []struct {
		URL string `yaml:"url"`
	} `yaml:"servers"`
	Info struct {
		Go struct {
			Client string `yaml:"client"`
		} `yaml:"x-go"`
	} `yaml:"info"`
	Tags       []tag                       `yaml:"tags"`
	Paths      ordered[ordered[yaml.Node]] `yaml:"paths"`
	Webhooks   ordered[ordered[yaml.Node]] `yaml:"webhooks"`
	Components struct {
		Schemas    ordered[*schema]    `yaml:"schemas"`
		Parameters ordered[*parameter] `yaml:"parameters"`
		Responses  ordered[*response]  `yaml:"responses"`
		Headers    ordered[yaml.Node]  `yaml:"headers"`
	} `yaml:"components"`
}

type tag struct {
	Name        string `yaml:"name"` // the Go service path: "AutoScribe.Studies"
	Description string `yaml:"description"`
}

type operation struct {
	OperationID string       `yaml:"operationId"`
	Tags        []string     `yaml:"tags"`
	Summary     string       `yaml:"summary"`
	Description string       `yaml:"description"`
	GoMethod    string       `yaml:"x-go-method"`
	GoDoc       string       `yaml:"x-go-doc"`
	Parameters  []*parameter `yaml:"parameters"`
	RequestBody *struct {
		Required bool               `yaml:"required"`
		Content  ordered[mediaType] `yaml:"content"`
	} `yaml:"requestBody"`
	Responses ordered[*response] `yaml:"responses"`
}

type parameter struct {
	Ref         string  `yaml:"$ref"`
	Name        string  `yaml:"name"`
	In          string  `yaml:"in"`
	Required    bool    `yaml:"required"`
	Description string  `yaml:"description"`
	GoDoc       string  `yaml:"x-go-doc"`
	Schema      *schema `yaml:"schema"`
	Example     any     `yaml:"example"`
	Explode     *bool   `yaml:"explode"`
}

type response struct {
	Ref     string             `yaml:"$ref"`
	Content ordered[mediaType] `yaml:"content"`
}

type mediaType struct {
	Schema *schema `yaml:"schema"`
}

// schema is a JSON Schema 2020-12 subset: what the API's documents use.
type schema struct {
	Ref                  string           `yaml:"$ref"`
	Type                 typeList         `yaml:"type"`
	Format               string           `yaml:"format"`
	Description          string           `yaml:"description"`
	GoDoc                string           `yaml:"x-go-doc"`
	Example              any              `yaml:"example"`
	Properties           ordered[*schema] `yaml:"properties"`
	Required             []string         `yaml:"required"`
	AdditionalProperties *additional      `yaml:"additionalProperties"`
	PropertyNames        *schema          `yaml:"propertyNames"`
	Items                *schema          `yaml:"items"`
	OneOf                []*schema        `yaml:"oneOf"`
	AnyOf                []*schema        `yaml:"anyOf"`
	Discriminator        *struct {
		PropertyName string          `yaml:"propertyName"`
		Mapping      ordered[string] `yaml:"mapping"`
	} `yaml:"discriminator"`
	Page          string   `yaml:"x-go-page"`
	Webhook       bool     `yaml:"x-go-webhook"`
	MinItems      *int     `yaml:"minItems"`
	MaxItems      *int     `yaml:"maxItems"`
	Enum          []string `yaml:"enum"`
	Const         *string  `yaml:"const"`
	MinLength     *int     `yaml:"minLength"`
	MaxLength     *int     `yaml:"maxLength"`
	Pattern       string   `yaml:"pattern"`
	Minimum       *float64 `yaml:"minimum"`
	Maximum       *float64 `yaml:"maximum"`
	MultipleOf    *float64 `yaml:"multipleOf"`
	MaxProperties *int     `yaml:"maxProperties"`
	name          string   // the components.schemas name, "" for an inline schema
}

// typeList is "type": one name, or a list such as [string, "null"].
type typeList []string

func (t *typeList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*t = typeList{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*t = list
	return nil
}

func (t typeList) is(name string) bool { return len(t) == 1 && t[0] == name }

// additional is "additionalProperties": false, true or a schema.
type additional struct {
	Allowed bool
	Schema  *schema
}

func (a *additional) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&a.Allowed)
	}
	a.Allowed = true
	return n.Decode(&a.Schema)
}

func loadDocument(path string) (*document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc document
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, name := range doc.Components.Schemas.Keys {
		doc.Components.Schemas.Values[name].name = name
	}
	return &doc, nil
}

// ref returns the component a local reference ("#/components/schemas/X")
// names.
func ref[T any](o ordered[T], kind, r string) (T, error) {
	var zero T
	name, ok := strings.CutPrefix(r, "#/components/"+kind+"/")
	if !ok {
		return zero, fmt.Errorf("reference %q: only #/components/%s/... is supported", r, kind)
	}
	v, ok := o.Values[name]
	if !ok {
		return zero, fmt.Errorf("reference %q: no such component", r)
	}
	return v, nil
}

// resolve follows a schema's $ref, if any.
func (d *document) resolve(s *schema) (*schema, error) {
	for s != nil && s.Ref != "" {
		next, err := ref(d.Components.Schemas, "schemas", s.Ref)
		if err != nil {
			return nil, err
		}
		s = next
	}
	return s, nil
}

// plainYAML decodes a YAML document into maps, lists and scalars that
// encoding/json can write: timestamps stay the strings they are written as.
func plainYAML(data []byte) (any, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	return plainNode(&n)
}

func plainNode(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		return plainNode(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := plainNode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := plainNode(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.AliasNode:
		return plainNode(n.Alias)
	}
	switch n.Tag {
	case "!!int", "!!float", "!!bool", "!!null":
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, err
		}
		return v, nil
	}
	return n.Value, nil
}
