import { useNavigation } from "@remix-run/react";

/**
 * True while the page's form is really being sent. Conform's blur-time validation is a submission too (it
 * carries `__intent__`); a submit button disabled during it swallows the click that caused the blur, so a
 * person who types and then taps "Gửi" on a slow network would see nothing happen.
 */
export function useSubmitting(): boolean {
  const navigation = useNavigation();
  return navigation.state === "submitting" && !navigation.formData?.has("__intent__");
}

/** Like useSubmitting, but also true while the page the form led to is loading. */
export function useBusy(): boolean {
  const navigation = useNavigation();
  return navigation.state !== "idle" && !navigation.formData?.has("__intent__");
}
