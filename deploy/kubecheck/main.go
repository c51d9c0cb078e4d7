// Command kubecheck validates rendered Kubernetes manifests (helm template output) offline, the way
// an API server would reject them, in three passes:
//
//  1. strict decoding into the typed objects of client-go's scheme: an unknown kind or apiVersion,
//     an unknown or duplicate field, or a value of the wrong type fails (kubectl --validate=strict);
//  2. the object against the Kubernetes OpenAPI v3 schema of its kind (the spec shipped in the
//     k8s.io/kubernetes module, api/openapi-spec/v3), with unknown properties forbidden: required
//     fields, types, enums;
//  3. the API server's own metadata rules (names, labels, annotations) and the references between
//     the objects: a Deployment's selector matches its pod template, named probe and Service ports
//     exist, Secret references resolve, an HPA targets a rendered Deployment whose containers
//     request what it scales on, a PodDisruptionBudget selects pods and still allows an eviction.
//
// Usage: kubecheck -openapi DIR [-external-secret NAME]... FILE...
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	jsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

type document struct {
	source string // file:index, for messages
	json   []byte
	object runtime.Object
	gvk    schema.GroupVersionKind
	name   string
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	openapiDir := flag.String("openapi", "", "directory of the Kubernetes OpenAPI v3 spec (api/openapi-spec/v3)")
	var externalSecrets stringList
	flag.Var(&externalSecrets, "external-secret", "a Secret that exists outside the manifests (repeatable)")
	flag.Parse()
	if *openapiDir == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: kubecheck -openapi DIR [-external-secret NAME]... FILE...")
		os.Exit(2)
	}

	var problems []string
	report := func(source, format string, args ...any) {
		problems = append(problems, source+": "+fmt.Sprintf(format, args...))
	}

	var docs []*document
	for _, path := range flag.Args() {
		read, err := readDocuments(path)
		if err != nil {
			report(path, "%v", err)
			continue
		}
		docs = append(docs, read...)
	}

	schemas := newSchemaSet(*openapiDir)
	codec := jsonserializer.NewSerializerWithOptions(jsonserializer.DefaultMetaFactory, scheme.Scheme, scheme.Scheme, jsonserializer.SerializerOptions{Strict: true})
	var decoded []*document
	for _, doc := range docs {
		var header struct {
			metav1.TypeMeta `json:",inline"`
			Metadata        struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := json.Unmarshal(doc.json, &header); err != nil {
			report(doc.source, "%v", err)
			continue
		}
		doc.gvk, doc.name = header.GroupVersionKind(), header.Metadata.Name
		doc.source = fmt.Sprintf("%s (%s %s)", doc.source, doc.gvk.Kind, doc.name)
		// Both passes run on every object, so one mistake is reported by each that sees it.
		object, _, err := codec.Decode(doc.json, nil, nil)
		if err != nil {
			report(doc.source, "strict decoding: %v", err)
		}
		if err := schemas.validate(doc); err != nil {
			report(doc.source, "OpenAPI schema: %v", err)
		}
		// An object with only unknown fields still decodes; keep it for the cross-object checks.
		if object != nil && (err == nil || runtime.IsStrictDecodingError(err)) {
			doc.object = object
			decoded = append(decoded, doc)
		}
	}

	for _, problem := range checkObjects(decoded, externalSecrets) {
		problems = append(problems, problem)
	}

	if len(problems) > 0 {
		for _, problem := range problems {
			fmt.Fprintln(os.Stderr, "kubecheck: "+problem)
		}
		fmt.Fprintf(os.Stderr, "kubecheck: %d problem(s) in %d object(s)\n", len(problems), len(docs))
		os.Exit(1)
	}
	kinds := map[string]int{}
	for _, doc := range decoded {
		kinds[doc.gvk.Kind]++
	}
	var summary []string
	for kind, count := range kinds {
		summary = append(summary, fmt.Sprintf("%d %s", count, kind))
	}
	sort.Strings(summary)
	fmt.Printf("kubecheck: %d objects valid (%s)\n", len(decoded), strings.Join(summary, ", "))
}

// readDocuments splits a multi-document YAML file; duplicate keys are an error (YAMLToJSONStrict).
func readDocuments(path string) ([]*document, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(file))
	var docs []*document
	for index := 0; ; index++ {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		source := fmt.Sprintf("%s#%d", filepath.Base(path), index)
		converted, err := yaml.YAMLToJSONStrict(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		if trimmed := bytes.TrimSpace(converted); len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
			continue
		}
		docs = append(docs, &document{source: source, json: converted})
	}
}

// schemaSet compiles, per group/version, the OpenAPI v3 component schemas with unknown
// properties forbidden.
type schemaSet struct {
	dir      string
	compiled map[schema.GroupVersionKind]*jsonschema.Schema
}

func newSchemaSet(dir string) *schemaSet {
	return &schemaSet{dir: dir, compiled: map[schema.GroupVersionKind]*jsonschema.Schema{}}
}

func specFile(gv schema.GroupVersion) string {
	if gv.Group == "" {
		return "api__" + gv.Version + "_openapi.json"
	}
	return "apis__" + gv.Group + "__" + gv.Version + "_openapi.json"
}

func (s *schemaSet) schemaFor(gvk schema.GroupVersionKind) (*jsonschema.Schema, error) {
	if compiled, ok := s.compiled[gvk]; ok {
		return compiled, nil
	}
	file := filepath.Join(s.dir, specFile(gvk.GroupVersion()))
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("no OpenAPI spec for %s: %w", gvk.GroupVersion(), err)
	}
	var spec struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	name := ""
	for candidate, definition := range spec.Components.Schemas {
		if declaresKind(definition, gvk) {
			name = candidate
		}
		forbidUnknownProperties(definition)
	}
	if name == "" {
		return nil, fmt.Errorf("%s has no schema for %s", file, gvk)
	}
	url := "file:///openapi/" + specFile(gvk.GroupVersion())
	compiler := jsonschema.NewCompiler()
	if err := compiler.AddResource(url, map[string]any{"components": map[string]any{"schemas": spec.Components.Schemas}}); err != nil {
		return nil, err
	}
	compiled, err := compiler.Compile(url + "#/components/schemas/" + name)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", name, err)
	}
	s.compiled[gvk] = compiled
	return compiled, nil
}

func (s *schemaSet) validate(doc *document) error {
	compiled, err := s.schemaFor(doc.gvk)
	if err != nil {
		return err
	}
	instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc.json))
	if err != nil {
		return err
	}
	return compiled.Validate(instance)
}

func declaresKind(definition any, gvk schema.GroupVersionKind) bool {
	object, ok := definition.(map[string]any)
	if !ok {
		return false
	}
	kinds, _ := object["x-kubernetes-group-version-kind"].([]any)
	for _, entry := range kinds {
		kind, _ := entry.(map[string]any)
		if kind["group"] == gvk.Group && kind["version"] == gvk.Version && kind["kind"] == gvk.Kind {
			return true
		}
	}
	return false
}

// forbidUnknownProperties sets additionalProperties: false on every schema that lists its
// properties (the published spec leaves it open), except where Kubernetes keeps unknown fields.
func forbidUnknownProperties(node any) {
	switch value := node.(type) {
	case map[string]any:
		if _, hasProperties := value["properties"]; hasProperties {
			_, open := value["additionalProperties"]
			preserve, _ := value["x-kubernetes-preserve-unknown-fields"].(bool)
			if !open && !preserve {
				value["additionalProperties"] = false
			}
		}
		for _, child := range value {
			forbidUnknownProperties(child)
		}
	case []any:
		for _, child := range value {
			forbidUnknownProperties(child)
		}
	}
}

// podTemplate is a rendered workload's pod template, for the cross-object checks.
type podTemplate struct {
	doc       *document
	kind      string
	replicas  int32
	labels    map[string]string
	spec      *corev1.PodSpec
	fieldPath *field.Path
}

func checkObjects(docs []*document, externalSecrets []string) []string {
	var problems []string
	add := func(doc *document, errs field.ErrorList) {
		for _, err := range errs {
			problems = append(problems, doc.source+": "+err.Error())
		}
	}
	secrets := map[string]map[string]bool{}
	for _, name := range externalSecrets {
		secrets[name] = nil // exists, keys unknown
	}
	var templates []podTemplate
	deployments := map[string]*podTemplate{}
	for _, doc := range docs {
		accessor, ok := doc.object.(metav1.Object)
		if !ok {
			continue
		}
		nameRule := apivalidation.NameIsDNSSubdomain
		if doc.gvk.Kind == "Service" {
			nameRule = apivalidation.NameIsDNS1035Label
		}
		add(doc, apivalidation.ValidateObjectMetaAccessor(accessor, false, nameRule, field.NewPath("metadata")))
		switch object := doc.object.(type) {
		case *corev1.Secret:
			keys := map[string]bool{}
			for key := range object.Data {
				keys[key] = true
			}
			for key := range object.StringData {
				keys[key] = true
			}
			secrets[object.Name] = keys
		case *appsv1.Deployment:
			replicas := int32(1)
			if object.Spec.Replicas != nil {
				replicas = *object.Spec.Replicas
			}
			path := field.NewPath("spec", "template")
			template := podTemplate{doc: doc, kind: "Deployment", replicas: replicas, labels: object.Spec.Template.Labels, spec: &object.Spec.Template.Spec, fieldPath: path}
			templates = append(templates, template)
			deployments[object.Name] = &templates[len(templates)-1]
			if update := object.Spec.Strategy.RollingUpdate; update != nil {
				rolling := field.NewPath("spec", "strategy", "rollingUpdate")
				add(doc, checkIntOrPercent(update.MaxSurge, rolling.Child("maxSurge")))
				add(doc, checkIntOrPercent(update.MaxUnavailable, rolling.Child("maxUnavailable")))
			}
			selector, err := metav1.LabelSelectorAsSelector(object.Spec.Selector)
			switch {
			case err != nil:
				add(doc, field.ErrorList{field.Invalid(field.NewPath("spec", "selector"), object.Spec.Selector, err.Error())})
			case selector.Empty() || !selector.Matches(labels.Set(object.Spec.Template.Labels)):
				add(doc, field.ErrorList{field.Invalid(path.Child("metadata", "labels"), object.Spec.Template.Labels, "`selector` does not match template `labels`")})
			}
		case *batchv1.Job:
			path := field.NewPath("spec", "template")
			templates = append(templates, podTemplate{doc: doc, kind: "Job", labels: object.Spec.Template.Labels, spec: &object.Spec.Template.Spec, fieldPath: path})
			if policy := object.Spec.Template.Spec.RestartPolicy; policy != corev1.RestartPolicyNever && policy != corev1.RestartPolicyOnFailure {
				add(doc, field.ErrorList{field.NotSupported(path.Child("spec", "restartPolicy"), policy, []string{"Never", "OnFailure"})})
			}
		}
	}
	// Deployments were appended to templates while pointers were taken: rebuild the index.
	for index := range templates {
		if templates[index].kind == "Deployment" {
			deployments[templates[index].doc.name] = &templates[index]
		}
	}

	for _, template := range templates {
		add(template.doc, checkPodSpec(template.spec, template.fieldPath.Child("spec"), secrets))
	}

	for _, doc := range docs {
		switch object := doc.object.(type) {
		case *corev1.Service:
			add(doc, checkService(object, templates))
		case *autoscalingv2.HorizontalPodAutoscaler:
			add(doc, checkAutoscaler(object, deployments))
			if target, ok := deployments[object.Spec.ScaleTargetRef.Name]; ok && object.Spec.MinReplicas != nil {
				target.replicas = *object.Spec.MinReplicas // the PDB check below counts the HPA's floor
			}
		}
	}
	for _, doc := range docs {
		if budget, ok := doc.object.(*policyv1.PodDisruptionBudget); ok {
			add(doc, checkDisruptionBudget(budget, templates))
		}
	}
	return problems
}

func checkPodSpec(spec *corev1.PodSpec, path *field.Path, secrets map[string]map[string]bool) field.ErrorList {
	var errs field.ErrorList
	if len(spec.Containers) == 0 {
		errs = append(errs, field.Required(path.Child("containers"), "a pod needs a container"))
	}
	names := map[string]bool{}
	volumes := map[string]bool{}
	for _, volume := range spec.Volumes {
		volumes[volume.Name] = true
	}
	check := func(containers []corev1.Container, group string) {
		for index, container := range containers {
			at := path.Child(group).Index(index)
			for _, message := range validation.IsDNS1123Label(container.Name) {
				errs = append(errs, field.Invalid(at.Child("name"), container.Name, message))
			}
			if names[container.Name] {
				errs = append(errs, field.Duplicate(at.Child("name"), container.Name))
			}
			names[container.Name] = true
			if container.Image == "" {
				errs = append(errs, field.Required(at.Child("image"), ""))
			}
			ports := map[string]bool{}
			for portIndex, port := range container.Ports {
				if port.Name == "" {
					continue
				}
				for _, message := range validation.IsValidPortName(port.Name) {
					errs = append(errs, field.Invalid(at.Child("ports").Index(portIndex).Child("name"), port.Name, message))
				}
				ports[port.Name] = true
			}
			for name, probe := range map[string]*corev1.Probe{"livenessProbe": container.LivenessProbe, "readinessProbe": container.ReadinessProbe, "startupProbe": container.StartupProbe} {
				if probe == nil || probe.HTTPGet == nil {
					continue
				}
				if port := probe.HTTPGet.Port; port.Type == intstr.String && !ports[port.StrVal] {
					errs = append(errs, field.NotFound(at.Child(name, "httpGet", "port"), port.StrVal))
				}
				if !strings.HasPrefix(probe.HTTPGet.Path, "/") {
					errs = append(errs, field.Invalid(at.Child(name, "httpGet", "path"), probe.HTTPGet.Path, "must be an absolute path"))
				}
			}
			seen := map[string]bool{}
			for envIndex, env := range container.Env {
				envAt := at.Child("env").Index(envIndex)
				for _, message := range validation.IsEnvVarName(env.Name) {
					errs = append(errs, field.Invalid(envAt.Child("name"), env.Name, message))
				}
				if seen[env.Name] {
					errs = append(errs, field.Duplicate(envAt.Child("name"), env.Name))
				}
				seen[env.Name] = true
				if env.ValueFrom == nil || env.ValueFrom.SecretKeyRef == nil {
					continue
				}
				ref := env.ValueFrom.SecretKeyRef
				keys, exists := secrets[ref.Name]
				optional := ref.Optional != nil && *ref.Optional
				switch {
				case !exists && !optional:
					errs = append(errs, field.NotFound(envAt.Child("valueFrom", "secretKeyRef", "name"), ref.Name))
				case keys != nil && !keys[ref.Key] && !optional:
					errs = append(errs, field.NotFound(envAt.Child("valueFrom", "secretKeyRef", "key"), ref.Key))
				}
			}
			for mountIndex, mount := range container.VolumeMounts {
				if !volumes[mount.Name] {
					errs = append(errs, field.NotFound(at.Child("volumeMounts").Index(mountIndex).Child("name"), mount.Name))
				}
			}
			for resource, limit := range container.Resources.Limits {
				if request, ok := container.Resources.Requests[resource]; ok && request.Cmp(limit) > 0 {
					errs = append(errs, field.Invalid(at.Child("resources", "requests").Key(string(resource)), request.String(), "must be less than or equal to "+string(resource)+" limit of "+limit.String()))
				}
			}
		}
	}
	check(spec.InitContainers, "initContainers")
	check(spec.Containers, "containers")
	return errs
}

func selectedTemplates(selector labels.Selector, templates []podTemplate) []podTemplate {
	var selected []podTemplate
	for _, template := range templates {
		if selector.Matches(labels.Set(template.labels)) {
			selected = append(selected, template)
		}
	}
	return selected
}

func checkService(service *corev1.Service, templates []podTemplate) field.ErrorList {
	var errs field.ErrorList
	if len(service.Spec.Selector) == 0 {
		return errs // endpoints managed elsewhere
	}
	selected := selectedTemplates(labels.SelectorFromSet(service.Spec.Selector), templates)
	if len(selected) == 0 {
		return append(errs, field.Invalid(field.NewPath("spec", "selector"), service.Spec.Selector, "selects no rendered pod template"))
	}
	for index, port := range service.Spec.Ports {
		if port.TargetPort.Type != intstr.String {
			continue
		}
		for _, template := range selected {
			if !declaresPort(template.spec, port.TargetPort.StrVal) {
				errs = append(errs, field.NotFound(field.NewPath("spec", "ports").Index(index).Child("targetPort"), fmt.Sprintf("%s (no container port of that name in %s %s)", port.TargetPort.StrVal, template.kind, template.doc.name)))
			}
		}
	}
	return errs
}

func declaresPort(spec *corev1.PodSpec, name string) bool {
	for _, container := range spec.Containers {
		for _, port := range container.Ports {
			if port.Name == name {
				return true
			}
		}
	}
	return false
}

func checkAutoscaler(hpa *autoscalingv2.HorizontalPodAutoscaler, deployments map[string]*podTemplate) field.ErrorList {
	var errs field.ErrorList
	ref := hpa.Spec.ScaleTargetRef
	path := field.NewPath("spec", "scaleTargetRef")
	target, ok := deployments[ref.Name]
	if ref.Kind != "Deployment" || ref.APIVersion != "apps/v1" || !ok {
		return append(errs, field.NotFound(path, fmt.Sprintf("%s %s %s (not among the rendered objects)", ref.APIVersion, ref.Kind, ref.Name)))
	}
	if hpa.Spec.MinReplicas != nil && *hpa.Spec.MinReplicas > hpa.Spec.MaxReplicas {
		errs = append(errs, field.Invalid(field.NewPath("spec", "minReplicas"), *hpa.Spec.MinReplicas, "must be less than or equal to maxReplicas"))
	}
	if target.doc.object.(*appsv1.Deployment).Spec.Replicas != nil {
		errs = append(errs, field.Invalid(path, ref.Name, "the target Deployment sets spec.replicas, which every upgrade would reset under the autoscaler"))
	}
	for index, metric := range hpa.Spec.Metrics {
		if metric.Resource != nil {
			switch metric.Resource.Target.Type {
			case autoscalingv2.UtilizationMetricType, autoscalingv2.ValueMetricType, autoscalingv2.AverageValueMetricType:
			default:
				errs = append(errs, field.NotSupported(field.NewPath("spec", "metrics").Index(index).Child("resource", "target", "type"), metric.Resource.Target.Type, []string{"Utilization", "Value", "AverageValue"}))
			}
		}
		if metric.Type != autoscalingv2.ResourceMetricSourceType || metric.Resource == nil || metric.Resource.Target.Type != autoscalingv2.UtilizationMetricType {
			continue
		}
		for _, container := range target.spec.Containers {
			if _, ok := container.Resources.Requests[metric.Resource.Name]; !ok {
				errs = append(errs, field.Invalid(field.NewPath("spec", "metrics").Index(index), string(metric.Resource.Name), "utilization needs a request for it in container "+container.Name))
			}
		}
	}
	return errs
}

// checkIntOrPercent: an int-or-string field of these kinds takes a number or a percentage ("25%"),
// never a number in a string (the API server's ValidatePositiveIntOrPercent).
func checkIntOrPercent(value *intstr.IntOrString, path *field.Path) field.ErrorList {
	if value == nil || value.Type != intstr.String {
		return nil
	}
	var errs field.ErrorList
	for _, message := range validation.IsValidPercent(value.StrVal) {
		errs = append(errs, field.Invalid(path, value.StrVal, message+" (or an integer, unquoted)"))
	}
	return errs
}

func checkDisruptionBudget(budget *policyv1.PodDisruptionBudget, templates []podTemplate) field.ErrorList {
	errs := append(checkIntOrPercent(budget.Spec.MinAvailable, field.NewPath("spec", "minAvailable")), checkIntOrPercent(budget.Spec.MaxUnavailable, field.NewPath("spec", "maxUnavailable"))...)
	path := field.NewPath("spec", "selector")
	selector, err := metav1.LabelSelectorAsSelector(budget.Spec.Selector)
	if err != nil {
		return append(errs, field.Invalid(path, budget.Spec.Selector, err.Error()))
	}
	var deployments []podTemplate
	for _, template := range selectedTemplates(selector, templates) {
		if template.kind == "Deployment" {
			deployments = append(deployments, template)
		}
	}
	if len(deployments) == 0 {
		return append(errs, field.Invalid(path, budget.Spec.Selector, "selects no rendered Deployment"))
	}
	if budget.Spec.MinAvailable != nil && budget.Spec.MinAvailable.Type == intstr.Int {
		replicas := int32(0)
		for _, deployment := range deployments {
			replicas += deployment.replicas
		}
		if budget.Spec.MinAvailable.IntVal >= replicas {
			errs = append(errs, field.Invalid(field.NewPath("spec", "minAvailable"), budget.Spec.MinAvailable.IntVal, fmt.Sprintf("allows no voluntary eviction of the %d replica(s) it selects (a node drain would hang)", replicas)))
		}
	}
	return errs
}
