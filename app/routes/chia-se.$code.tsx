import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SHARE_CARD, shareDescription } from "#app/domain/certificates.ts";
import { getSharedResult } from "#app/models/certificates.server.ts";
import { invariantResponse } from "#app/utils/http.server.ts";
import { findByPublicCode } from "#app/utils/public-codes.server.ts";

// A resident's shared result, public by its code: what Zalo and Facebook show as the link's preview card
// (Open Graph and Twitter tags, the card drawn on the server). Name, commune, contest and score only.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await findByPublicCode(
    context.clientIp,
    params.code,
    getSharedResult,
    "Không tìm thấy kết quả được chia sẻ này. Hãy kiểm tra lại đường dẫn.",
  );
  invariantResponse(
    !result.disqualified,
    "Kết quả này không còn được chia sẻ vì lượt thi đã bị ban tổ chức loại.",
    410,
  );
  const origin = new URL(request.url).origin;
  const { disqualified: _, contestSlug, ...facts } = result;
  return {
    facts,
    contestSlug,
    description: shareDescription(facts),
    url: `${origin}/chia-se/${params.code}`,
    image: `${origin}/chia-se/${params.code}/anh.png`,
    // Just made from the result page: say how to pass it on.
    fresh: new URL(request.url).searchParams.has("moi"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Kết quả được chia sẻ — Công dân số" }];
  const title = `${data.facts.score}/${data.facts.questionCount} câu đúng — ${data.facts.contestTitle}`;
  return [
    { title: `${title} — Công dân số` },
    { name: "description", content: data.description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: "Công dân số" },
    { property: "og:locale", content: "vi_VN" },
    { property: "og:title", content: title },
    { property: "og:description", content: data.description },
    { property: "og:url", content: data.url },
    { property: "og:image", content: data.image },
    { property: "og:image:type", content: "image/png" },
    { property: "og:image:width", content: String(SHARE_CARD.width) },
    { property: "og:image:height", content: String(SHARE_CARD.height) },
    { property: "og:image:alt", content: data.description },
    { name: "twitter:card", content: "summary_large_image" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: data.description },
    { name: "twitter:image", content: data.image },
  ];
};

export default function SharedResult() {
  const { facts, contestSlug, description, url, fresh } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Kết quả cuộc thi “{facts.contestTitle}”</h1>
      <img
        src={`${new URL(url).pathname}/anh.png`}
        width={SHARE_CARD.width}
        height={SHARE_CARD.height}
        alt={description}
        className="h-auto w-full rounded-lg"
      />
      <p className="text-lg">{description}</p>
      <section className="card space-y-2" aria-labelledby="share-link">
        <h2 id="share-link" className="font-bold">
          {fresh ? "Gửi đường dẫn này cho người thân, bạn bè" : "Đường dẫn của trang này"}
        </h2>
        <p className="text-[15px] text-slate-600">
          Sao chép rồi dán vào Zalo hoặc Facebook: tin nhắn sẽ hiện ảnh kết quả như trên.
        </p>
        <label htmlFor="share-url" className="field-label">
          Đường dẫn
        </label>
        <input id="share-url" readOnly value={url} className="field-input w-full text-[15px]" />
      </section>
      <Link to={`/cuoc-thi/${contestSlug}`} className="btn-primary">
        Cùng tham gia cuộc thi
      </Link>
    </div>
  );
}
