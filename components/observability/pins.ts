/**
 * Charts and images of the observability tier, pinned. Every values key the tier sets was checked against the
 * chart's values.yaml at these versions (tests/observability/fixtures/chart-values-keys.json).
 */

export interface ChartPin {
  chart: string;
  version: string;
  repo: string;
}

/**
 * aws/eks-charts, stable/aws-for-fluent-bit/Chart.yaml: 0.2.0 = AWS for Fluent Bit 3.2.1 (Fluent Bit 4.2.2,
 * aws/aws-for-fluent-bit release 20260127), checked 2026-08 (eks-charts@5239609).
 */
export const AWS_FOR_FLUENT_BIT: Readonly<ChartPin> = Object.freeze({
  chart: "aws-for-fluent-bit",
  version: "0.2.0",
  repo: "https://aws.github.io/eks-charts",
});

/** The chart's default image, named here so the pin is explicit: ECR Public, not Docker Hub (no anonymous pull limits). */
export const FLUENT_BIT_IMAGE = Object.freeze({
  repository: "public.ecr.aws/aws-observability/aws-for-fluent-bit",
  tag: "3.2.1",
});

/**
 * open-telemetry/opentelemetry-helm-charts, charts/opentelemetry-collector/Chart.yaml: 0.170.0, appVersion 0.158.0
 * (checked 2026-08, opentelemetry-helm-charts@dd5665c).
 */
export const OTEL_COLLECTOR: Readonly<ChartPin> = Object.freeze({
  chart: "opentelemetry-collector",
  version: "0.170.0",
  repo: "https://open-telemetry.github.io/opentelemetry-helm-charts",
});

/**
 * The chart leaves `image.repository` empty on purpose. The contrib distribution (it has the awsxray exporter) from
 * the project's GitHub Container Registry instead of Docker Hub's otel/opentelemetry-collector-contrib (same build,
 * no anonymous pull limits); multi-arch, so it runs on the Graviton nodes. Its entrypoint is /otelcol-contrib.
 */
export const OTEL_COLLECTOR_IMAGE = Object.freeze({
  repository: "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib",
  tag: "0.158.0",
});
