import type { ComponentProps } from "react";

const VARIANTS = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 focus-visible:outline-brand-600",
  secondary: "bg-white text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600",
  danger: "bg-red-600 text-white hover:bg-red-700 focus-visible:outline-red-600",
} as const;

export const buttonClass = (variant: keyof typeof VARIANTS = "primary") =>
  `inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-50 ${VARIANTS[variant]}`;

export function Button({ variant, className = "", ...props }: ComponentProps<"button"> & { variant?: keyof typeof VARIANTS }) {
  return <button className={`${buttonClass(variant)} ${className}`} {...props} />;
}
