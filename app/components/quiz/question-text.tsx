import { useTranslation } from "react-i18next";
import { isChoiceKind, type Choice, type QuestionAnswer, type QuestionResponse } from "~/lib/quiz-questions";
import type { QuestionKind } from "~/generated/prisma/enums";

type QuestionShape = { kind: QuestionKind; choices: readonly Choice[] };

/** Choice ids as their texts, in the question's order; an id no choice has (any more) as itself. */
function choiceTexts(question: QuestionShape, ids: readonly string[]) {
  return ids.map((id) => question.choices.find((choice) => choice.id === id)?.text ?? id);
}

/** A question's correct answer as people read it: the right choices, the accepted answers, or a number ± its tolerance. */
export function QuestionAnswerText({ question, answer }: { question: QuestionShape; answer: QuestionAnswer }) {
  const { t } = useTranslation();
  if (!Array.isArray(answer)) {
    return (
      <span>
        {answer.tolerance > 0
          ? t("quiz.numberWithTolerance", { value: answer.value, tolerance: answer.tolerance })
          : String(answer.value)}
      </span>
    );
  }
  const texts = isChoiceKind(question.kind) ? choiceTexts(question, answer) : answer;
  return <span>{texts.join(t("quiz.listSeparator"))}</span>;
}

/** What a learner answered, as they would recognise it. */
export function ResponseText({ question, response }: { question: QuestionShape; response: QuestionResponse }) {
  const { t } = useTranslation();
  if (response === null || (Array.isArray(response) && response.length === 0)) {
    return <span className="italic text-slate-500">{t("quiz.noResponse")}</span>;
  }
  if (Array.isArray(response)) return <span>{choiceTexts(question, response).join(t("quiz.listSeparator"))}</span>;
  return <span className="whitespace-pre-wrap">{response}</span>;
}
