import { useEffect, useState } from "react";

function vietnameseVoice(): SpeechSynthesisVoice | null {
  return speechSynthesis.getVoices().find((voice) => /^vi\b/i.test(voice.lang)) ?? null;
}

/**
 * "Nghe câu hỏi": reads the question and its choices with the browser's Vietnamese voice. Nothing is rendered on
 * the server nor where the browser has no Vietnamese voice (the list may arrive late, with `voiceschanged`), so no
 * button ever speaks in a foreign accent. Speech stops when the question changes or the page is left.
 */
export function ReadAloud({ script }: { script: string }) {
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(null);
  const [speaking, setSpeaking] = useState(false);

  useEffect(() => {
    if (typeof speechSynthesis === "undefined") return;
    const pick = () => setVoice(vietnameseVoice());
    const stop = () => speechSynthesis.cancel();
    pick();
    speechSynthesis.addEventListener("voiceschanged", pick);
    window.addEventListener("pagehide", stop);
    return () => {
      speechSynthesis.removeEventListener("voiceschanged", pick);
      window.removeEventListener("pagehide", stop);
    };
  }, []);

  // Another question (or leaving the page in the app) silences this one.
  useEffect(
    () => () => {
      if (typeof speechSynthesis !== "undefined") speechSynthesis.cancel();
      setSpeaking(false);
    },
    [script],
  );

  if (!voice) return null;

  function toggle() {
    speechSynthesis.cancel();
    if (speaking || !voice) return setSpeaking(false);
    const utterance = new SpeechSynthesisUtterance(script);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    utterance.onend = utterance.onerror = () => setSpeaking(false);
    setSpeaking(true);
    speechSynthesis.speak(utterance);
  }

  return (
    <button type="button" onClick={toggle} className="btn-secondary mt-3 gap-2 px-4 py-2">
      <span aria-hidden>{speaking ? "■" : "🔊"}</span>
      {speaking ? "Dừng đọc" : "Nghe câu hỏi"}
    </button>
  );
}
