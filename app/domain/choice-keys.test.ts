import { describe, expect, test } from "vitest";
import { choiceIdsAt, placesOf } from "./choice-keys.ts";

describe("choice places", () => {
  const order = [42, 7, 19, 3];

  test("map places to ids, sorted, without repeats", () => {
    expect(choiceIdsAt(order, [1])).toEqual([42]);
    expect(choiceIdsAt(order, [4, 2, 2])).toEqual([3, 7]);
    expect(choiceIdsAt(order, [])).toEqual([]);
  });

  test("a place outside the order is refused", () => {
    for (const bad of [0, 5, -1, 1.5, Number.NaN]) expect(choiceIdsAt(order, [1, bad])).toBeNull();
  });

  test("ids map back to their places", () => {
    expect(placesOf(order, [3, 42])).toEqual([1, 4]);
    expect(placesOf(order, [999])).toEqual([]);
    for (const places of [[1], [2, 3], [1, 2, 3, 4]])
      expect(placesOf(order, choiceIdsAt(order, places)!)).toEqual(places);
  });
});
