/** The school a teacher belongs to, labelled with its commune: two schools of a district may share a name. */
export function SchoolSelect({
  id,
  schools,
}: {
  id: string;
  schools: readonly { id: number; name: string; unitName: string }[];
}) {
  return (
    <div>
      <label htmlFor={id} className="field-label">
        Trường
      </label>
      <select id={id} name="schoolId" className="field-input" required>
        {schools.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} — {s.unitName}
          </option>
        ))}
      </select>
    </div>
  );
}
