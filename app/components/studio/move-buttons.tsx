import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

type Direction = "up" | "down";

// The move just sent, so that after the page re-renders the item in its new place (its row moved
// or re-created in another list), focus goes back to the button pressed and the next press moves it
// again. Module state because the row's component may be a new one by then.
let sentMove: { key: string; direction: Direction } | null = null;

const arrowButtonClass = "rounded border border-slate-300 px-1.5 py-0.5 text-xs disabled:opacity-40";

/**
 * Up and down for one item of an ordered list, as plain forms: they work from the keyboard and
 * without JavaScript. The form posts `intent`, `[idName]: id` and `direction`. The buttons show
 * arrows unless given `buttonText`; either way each is named for the item (`label`).
 */
export function MoveButtons({
  intent,
  idName,
  id,
  label,
  canMoveUp,
  canMoveDown,
  buttonText,
  buttonClassName = arrowButtonClass,
}: {
  intent: string;
  idName: string;
  id: string;
  label: string;
  canMoveUp: boolean;
  canMoveDown: boolean;
  buttonText?: { up: string; down: string };
  buttonClassName?: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const key = `${intent}:${id}`;

  useEffect(() => {
    if (navigation.state !== "idle" || sentMove?.key !== key) return;
    const { direction } = sentMove;
    sentMove = null;
    const [pressed, other] = direction === "up" ? [upRef, downRef] : [downRef, upRef];
    // At the end of the list the pressed button is disabled now: the other one is what can move it.
    (pressed.current && !pressed.current.disabled ? pressed.current : other.current)?.focus();
  }, [navigation.state, key]);

  function rememberMove(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const direction = submitter instanceof HTMLButtonElement ? submitter.value : "";
    if (direction === "up" || direction === "down") sentMove = { key, direction };
  }

  return (
    <Form method="post" className={buttonText ? "flex gap-2" : "flex gap-1"} onSubmit={rememberMove}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={idName} value={id} />
      <button
        ref={upRef}
        type="submit"
        name="direction"
        value="up"
        disabled={!canMoveUp}
        className={buttonClassName}
        aria-label={t("studio.moveUp", { item: label })}
      >
        {buttonText?.up ?? "↑"}
      </button>
      <button
        ref={downRef}
        type="submit"
        name="direction"
        value="down"
        disabled={!canMoveDown}
        className={buttonClassName}
        aria-label={t("studio.moveDown", { item: label })}
      >
        {buttonText?.down ?? "↓"}
      </button>
    </Form>
  );
}
