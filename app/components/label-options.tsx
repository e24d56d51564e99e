/** The <option>s of a select, one per entry of a value → label map (question statuses, types, difficulties). */
export function LabelOptions({ labels }: { labels: Record<string | number, string> }) {
  return Object.entries(labels).map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}
