package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// widgetSpec is a new cursor-paginated resource, in the form openapi.yml
// gives every resource: a tag (its service), its operations, and its schemas.
const widgetSpec = `
tags:
  - name: Widgets
    description: Widgets, a resource this test adds.
paths:
  /v1/widgets:
    post:
      operationId: widgetsCreate
      tags: [Widgets]
      x-go-method: New
      summary: Create a widget
      description: Creates a widget.
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/WidgetsCreateBody"}
      responses:
        "200":
          description: The widget.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Widget"}
        default: {$ref: "#/components/responses/Error"}
    get:
      operationId: widgetsList
      tags: [Widgets]
      x-go-method: List
      summary: List widgets
      description: Lists widgets.
      parameters:
        - $ref: "#/components/parameters/Cursor"
        - $ref: "#/components/parameters/Limit"
      responses:
        "200":
          description: A page of widgets.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/WidgetPage"}
        default: {$ref: "#/components/responses/Error"}
  /v1/widgets/{widgetId}:
    get:
      operationId: widgetsRetrieve
      tags: [Widgets]
      x-go-method: Get
      summary: Retrieve a widget
      description: Retrieves a widget.
      parameters:
        - name: widgetId
          in: path
          required: true
          description: "Widget ID. Format: wid_{32-hex-chars}"
          schema: {type: string, pattern: "^wid_[0-9a-f]{32}$", example: wid_1234567890abcdef1234567890abcdef}
      responses:
        "200":
          description: The widget.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Widget"}
        default: {$ref: "#/components/responses/Error"}
components:
  schemas:
    Widget:
      type: object
      description: A widget.
      required: [widgetId, name, shape, createdAt]
      properties:
        widgetId: {type: string, pattern: "^wid_[0-9a-f]{32}$", description: "Format: wid_{32-hex-chars}"}
        name: {type: string, description: Its name}
        shape: {type: string, enum: [round, square], description: Its shape}
        tags: {type: array, items: {type: string}, description: Its tags}
        createdAt: {type: [string, "null"], format: date-time, description: When it was made}
    WidgetPage:
      type: object
      x-go-page: CursorWidgets
      required: [widgets]
      properties:
        widgets: {type: array, items: {$ref: "#/components/schemas/Widget"}, description: The widgets}
        hasMore: {type: boolean, description: Whether more follow}
        cursor: {type: [string, "null"], description: The next page's cursor}
    WidgetsCreateBody:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name: {type: string, minLength: 1, description: Its name}
        shape: {type: string, enum: [round, square], description: Its shape}
        tags: {type: array, items: {type: string}, description: Its tags}
`

// widgetTest calls the new resource through the regenerated SDK, against
// the fake, with no hand-written code for it anywhere.
const widgetTest = `package avara_test

import (
	"testing"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/packages/param"
)

func TestScratchWidgets(t *testing.T) {
	srv := avaratest.NewServer()
	defer srv.Close()
	client := srv.Client()
	var ids []string
	for _, name := range []string{"a", "b", "c"} {
		w, err := client.Widgets.New(t.Context(), avara.WidgetNewParams{Name: name, Shape: param.NewOpt(avara.WidgetNewParamsShapeRound), Tags: []string{"x"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(w.WidgetID) != 36 || w.Name != name || w.Shape != "round" || len(w.Tags) != 1 {
			t.Fatalf("New answered %+v", w)
		}
		ids = append(ids, w.WidgetID)
	}
	got, err := client.Widgets.Get(t.Context(), ids[1])
	if err != nil || got.Name != "b" {
		t.Fatalf("Get: %v %+v", err, got)
	}
	var names []string
	for w, err := range client.Widgets.ListAutoPaging(t.Context(), avara.WidgetListParams{Limit: avara.Int(2)}).All() {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, w.Name)
	}
	if len(names) != 3 {
		t.Fatalf("the walk saw %v", names)
	}
}
`

// TestANewResourceIsASpecEdit adds a cursor-paginated resource with create,
// retrieve and list to a scratch copy of the SDK's openapi.yml, regenerates,
// and calls it through the SDK against the fake: adding a resource is a
// spec edit and a run of the generator, with no hand edit.
func TestANewResourceIsASpecEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a scratch copy of the SDK")
	}
	scratch := t.TempDir()
	copyModule(t, "..", scratch)

	var spec, widget yaml.Node
	data, err := os.ReadFile(filepath.Join(scratch, "openapi.yml"))
	must(t, err)
	must(t, yaml.Unmarshal(data, &spec))
	must(t, yaml.Unmarshal([]byte(widgetSpec), &widget))
	merge(spec.Content[0], widget.Content[0])
	out, err := yaml.Marshal(&spec)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(scratch, "openapi.yml"), out, 0o644))

	if err := run(scratch); err != nil {
		t.Fatalf("the generator refuses the new resource: %v", err)
	}
	must(t, os.WriteFile(filepath.Join(scratch, "widgets_scratch_test.go"), []byte(widgetTest), 0o644))

	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestScratchWidgets$", ".")
	cmd.Dir = scratch
	if got, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the regenerated SDK's test of the new resource: %v\n%s", err, got)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// merge adds every entry of the mappings (and lists) in add to the same
// place in doc.
func merge(doc, add *yaml.Node) {
	for i := 0; i+1 < len(add.Content); i += 2 {
		key, val := add.Content[i], add.Content[i+1]
		var into *yaml.Node
		for j := 0; j+1 < len(doc.Content); j += 2 {
			if doc.Content[j].Value == key.Value {
				into = doc.Content[j+1]
			}
		}
		switch {
		case into == nil:
			doc.Content = append(doc.Content, key, val)
		case into.Kind == yaml.SequenceNode:
			into.Content = append(into.Content, val.Content...)
		case into.Kind == yaml.MappingNode && key.Value != "schemas" && key.Value != "paths":
			merge(into, val)
		default:
			into.Content = append(into.Content, val.Content...)
		}
	}
}

// copyModule copies the SDK's root module (its Go packages, go.mod, go.sum
// and openapi.yml; not the other modules, nor .git) from src to dst.
func copyModule(t *testing.T, src, dst string) {
	t.Helper()
	nested := map[string]bool{}
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." || d.Name() == "node_modules" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && rel != "." {
				nested[rel] = true
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".json") && !strings.HasPrefix(d.Name(), "go.") && d.Name() != "openapi.yml" {
			return nil
		}
		if strings.HasSuffix(path, "_test.go") {
			return nil // the scratch copy runs only its own test
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	must(t, err)
	if len(nested) == 0 {
		t.Fatal("no nested module was found to leave behind: is src the SDK's root?")
	}
}
