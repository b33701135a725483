import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OfficialLog } from "@/app/_server/official/official-log";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ label: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Official log ${(await params).label}` };
}

export default async function OfficialLogPage({ params }: Props) {
  const { label } = await params;
  // The validator's own rule for labels; anything else cannot name a log.
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(label)) notFound();
  return <OfficialLog label={label} />;
}
