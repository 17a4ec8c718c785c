/** The narrow centred panel that holds the log-in, sign-up and password forms. */
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section
      aria-labelledby="auth-heading"
      className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm"
    >
      <h1 id="auth-heading" className="mb-6 text-2xl font-bold">
        {title}
      </h1>
      {children}
    </section>
  );
}
