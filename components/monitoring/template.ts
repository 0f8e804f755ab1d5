/**
 * The small subset of Prometheus alert templating (Go text/template) our annotations use, and an
 * expander for it. promtool's unit tests compare annotations exactly, so the generator of those
 * tests must know what Prometheus will render; keeping annotations to this subset makes that exact:
 *
 *   {{ $labels.<name> }}            a label of the alert's series (not the rule's own labels)
 *   {{ printf "%.<n>f" $value }}    the sample value with n decimals
 *
 * Anything else inside {{ }} is rejected by `templateProblems` (and by the mocha tests).
 */

const ACTION = /\{\{(.*?)\}\}/g;
const LABEL = /^\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*$/;
const PRINTF = /^\s*printf\s+"%\.(\d)f"\s+\$value\s*$/;

/** Every `{{ ... }}` action that is outside the supported subset. */
export function templateProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(ACTION)) {
    if (!LABEL.test(m[1]) && !PRINTF.test(m[1])) problems.push(`unsupported template action {{${m[1]}}}`);
  }
  const stripped = text.replace(ACTION, "");
  if (stripped.includes("{{") || stripped.includes("}}")) problems.push(`unbalanced template braces in "${text}"`);
  return problems;
}

/** Label names a template reads. */
export function templateLabels(text: string): string[] {
  return [...text.matchAll(ACTION)].flatMap((m) => {
    const label = LABEL.exec(m[1]);
    return label ? [label[1]] : [];
  });
}

/**
 * Render a template as Prometheus would for one alert. Throws on a label the series does not have:
 * Prometheus would print an empty string there, which is always a bug in our texts.
 */
export function expandTemplate(text: string, labels: Readonly<Record<string, string>>, value: number): string {
  const problems = templateProblems(text);
  if (problems.length > 0) throw new Error(problems.join("; "));
  return text.replace(ACTION, (_all, action: string) => {
    const label = LABEL.exec(action);
    if (label) {
      const v = labels[label[1]];
      if (v === undefined) throw new Error(`template reads $labels.${label[1]} but the alert has no such label`);
      return v;
    }
    const digits = Number((PRINTF.exec(action) as RegExpExecArray)[1]);
    return goFixed(value, digits);
  });
}

/**
 * Go's %.<n>f. JS toFixed rounds exact halves up where Go rounds them to even; such values are
 * refused rather than guessed (test inputs can always avoid them).
 */
function goFixed(value: number, digits: number): string {
  const scaled = value * 10 ** digits;
  if (Math.abs(scaled - Math.trunc(scaled)) === 0.5) {
    throw new Error(`value ${value} is an exact tie at ${digits} decimals; pick a test value that is not`);
  }
  return value.toFixed(digits);
}
