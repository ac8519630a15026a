module github.com/avara/avara-go/codegen

go 1.24

toolchain go1.26.10

require go.yaml.in/yaml/v3 v3.0.6
