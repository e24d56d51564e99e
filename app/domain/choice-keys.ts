// What a form says about a choice: its 1-based place in the order this resident was shown (an attempt's or a
// practice run's shuffled choiceOrder), never the choice's id, so the page tells nothing about the key.

/** The choice ids at the given places, sorted and without repeats; null when a place is not in the order. */
export function choiceIdsAt(choiceOrder: readonly number[], places: readonly number[]): number[] | null {
  const ids: number[] = [];
  for (const place of new Set(places)) {
    const id = Number.isInteger(place) ? choiceOrder[place - 1] : undefined;
    if (id === undefined || place < 1) return null;
    ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

/** The places of the given choice ids in the order shown, ascending. */
export function placesOf(choiceOrder: readonly number[], choiceIds: readonly number[]): number[] {
  return choiceOrder.flatMap((id, index) => (choiceIds.includes(id) ? [index + 1] : []));
}
